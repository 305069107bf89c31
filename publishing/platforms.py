"""What each destination platform accepts: caption limits, the media rendition it needs, and how its
AI and paid-partnership flags are named. One table, so a platform change is one edit here."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RenditionProfile:
    name: str
    width: int
    height: int
    max_seconds: float
    max_bitrate: int  # bits per second


VERTICAL_9X16 = RenditionProfile("vertical-720x1280", 720, 1280, max_seconds=180, max_bitrate=8_000_000)
PORTRAIT_4X5 = RenditionProfile("portrait-1080x1350", 1080, 1350, max_seconds=60, max_bitrate=8_000_000)
X_VERTICAL = RenditionProfile("x-720x1280", 720, 1280, max_seconds=140, max_bitrate=5_000_000)
PROFILES = {profile.name: profile for profile in (VERTICAL_9X16, PORTRAIT_4X5, X_VERTICAL)}


@dataclass(frozen=True)
class PlatformRules:
    label: str
    caption_max_chars: int
    hashtags_max: int | None
    profile: RenditionProfile
    # The platform's own names for the flags a scheduler sets when it posts.
    ai_flag: str
    paid_flag: str


PLATFORM_RULES: dict[str, PlatformRules] = {
    "instagram": PlatformRules(
        "Instagram", 2200, 30, VERTICAL_9X16, "is_ai_generated", "is_paid_partnership"
    ),
    "tiktok": PlatformRules("TikTok", 2200, None, VERTICAL_9X16, "is_aigc", "brand_content_toggle"),
    "youtube": PlatformRules(
        "YouTube", 5000, 15, VERTICAL_9X16, "containsSyntheticMedia", "hasPaidProductPlacement"
    ),
    "x": PlatformRules("X", 280, None, X_VERTICAL, "made_with_ai", "paid_partnership"),
    "threads": PlatformRules("Threads", 500, 1, VERTICAL_9X16, "is_ai_generated", "is_paid_partnership"),
}
# Feed posts are 4:5 on Instagram; everything else the studio renders is vertical video.
PROFILE_BY_DELIVERABLE_TYPE = {"instagram_post": PORTRAIT_4X5}


def rules_for(platform: str) -> PlatformRules | None:
    return PLATFORM_RULES.get(platform)


def profile_for(*, platform: str, deliverable_type: str) -> RenditionProfile:
    if platform == "instagram" and deliverable_type in PROFILE_BY_DELIVERABLE_TYPE:
        return PROFILE_BY_DELIVERABLE_TYPE[deliverable_type]
    return PLATFORM_RULES[platform].profile


def caption_problems(*, platform: str, caption: str, hashtags: list[str]) -> list[str]:
    """What the platform would reject, in words; hashtags are posted after the caption."""
    rules = PLATFORM_RULES[platform]
    posted = post_text(caption=caption, hashtags=hashtags)
    problems = []
    if len(posted) > rules.caption_max_chars:
        problems.append(
            f"{rules.label} captions hold at most {rules.caption_max_chars} characters; "
            f"this one has {len(posted)} with its hashtags."
        )
    if rules.hashtags_max is not None and len(hashtags) > rules.hashtags_max:
        problems.append(
            f"{rules.label} allows at most {rules.hashtags_max} hashtags; this post has {len(hashtags)}."
        )
    return problems


def post_text(*, caption: str, hashtags: list[str]) -> str:
    tags = " ".join(f"#{tag.lstrip('#')}" for tag in hashtags)
    return f"{caption.rstrip()}\n\n{tags}".strip() if tags else caption.strip()


def platform_flags(
    *, platform: str, is_ai_generated: bool, is_paid_partnership: bool, sponsor_name: str
) -> dict:
    rules = PLATFORM_RULES[platform]
    return {
        rules.ai_flag: is_ai_generated,
        rules.paid_flag: is_paid_partnership,
        "sponsor_name": sponsor_name if is_paid_partnership else "",
    }
