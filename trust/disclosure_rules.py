"""The disclosure rule table: what each platform and jurisdiction requires a persona's post to carry,
and why. One versioned table in code, reviewed like code; the staff page and the API show it.

A rule names a requirement (an audience label or a platform flag), when it applies (always, or only
when the post is paid), what enforces it in the studio, and the reason with its source. Bump
``VERSION`` (and add a line to ``CHANGES``) whenever a row changes.
"""

from dataclasses import dataclass

VERSION = "2026.2"
EFFECTIVE = "2026-08-02"
CHANGES = (
    ("2026.1", "2026-06-09", "New York synthetic-performer ad disclosure added."),
    (
        "2026.2",
        "2026-08-02",
        "EU AI Act Art. 50 transparency duties apply: AI label and machine-readable marking.",
    ),
)

ANY_PLATFORM = "*"
ANY_JURISDICTION = "*"

AI_LABEL = "ai_label"
AD_LABEL = "ad_label"
MACHINE_READABLE_MARK = "machine_readable_mark"
PLATFORM_FLAG = "platform_flag"

REQUIREMENT_LABELS = {
    AI_LABEL: "AI-generated label in the post",
    AD_LABEL: "Ad / paid-partnership label in the post",
    MACHINE_READABLE_MARK: "Machine-readable AI marking in the file",
    PLATFORM_FLAG: "Platform flag set at publishing",
}
ENFORCED_BY = {
    AI_LABEL: "Scheduling guard: the disclosure text, caption or hashtags must carry #AI, 'AI-generated' "
    "or #virtualinfluencer before the deliverable is scheduled or published.",
    AD_LABEL: "Scheduling guard: #ad, #sponsored or 'Paid partnership' before scheduling or publishing.",
    MACHINE_READABLE_MARK: "Render worker: every mp4 and poster is signed with a C2PA manifest "
    "(trainedAlgorithmicMedia).",
    PLATFORM_FLAG: "Publishing: the flag is sent with the post (disclosure_platform_flags).",
}


@dataclass(frozen=True)
class DisclosureRule:
    platform: str
    jurisdiction: str
    requirement: str
    only_when_paid: bool
    reason: str
    source: str
    platform_field: str = ""

    @property
    def requirement_label(self) -> str:
        return REQUIREMENT_LABELS[self.requirement]

    @property
    def enforced_by(self) -> str:
        return ENFORCED_BY[self.requirement]


RULES: tuple[DisclosureRule, ...] = (
    DisclosureRule(
        ANY_PLATFORM, "EU", AI_LABEL, False,
        "Content that shows a realistic person who does not exist is a deep fake under the AI Act; the "
        "deployer must disclose that it was artificially generated.",
        "EU AI Act (Regulation 2024/1689), Art. 50(4), applicable from 2 August 2026",
    ),
    DisclosureRule(
        ANY_PLATFORM, "EU", MACHINE_READABLE_MARK, False,
        "Providers of systems that generate video must mark the output in a machine-readable format "
        "detectable as artificially generated.",
        "EU AI Act (Regulation 2024/1689), Art. 50(2), applicable from 2 August 2026",
    ),
    DisclosureRule(
        ANY_PLATFORM, "US", AD_LABEL, True,
        "A brand paid for the post: the material connection must be disclosed clearly and conspicuously.",
        "FTC Guides Concerning the Use of Endorsements and Testimonials in Advertising (16 CFR Part 255)",
    ),
    DisclosureRule(
        ANY_PLATFORM, "US", AI_LABEL, True,
        "A virtual influencer's endorsement must not mislead viewers into thinking a real person uses the "
        "product; the FTC guides apply to virtual influencers.",
        "FTC Endorsement Guides (16 CFR Part 255), 2023 revision",
    ),
    DisclosureRule(
        ANY_PLATFORM, "US-NY", AI_LABEL, True,
        "An advertisement that uses a synthetic performer must say so conspicuously.",
        "New York synthetic-performer advertising disclosure law, in force from 9 June 2026",
    ),
    DisclosureRule(
        "instagram", ANY_JURISDICTION, PLATFORM_FLAG, False,
        "Meta labels photorealistic AI-generated video as 'AI info' and asks creators to disclose it.",
        "Meta: labelling AI-generated content (Instagram 'AI info')", "is_ai_generated",
    ),
    DisclosureRule(
        "instagram", ANY_JURISDICTION, PLATFORM_FLAG, True,
        "Branded content must use the paid-partnership label naming the sponsor.",
        "Meta Branded Content Policies", "is_paid_partnership",
    ),
    DisclosureRule(
        "tiktok", ANY_JURISDICTION, PLATFORM_FLAG, False,
        "Realistic AI-generated content must carry TikTok's AI-generated content label.",
        "TikTok Community Guidelines: edited and AI-generated content", "is_aigc",
    ),
    DisclosureRule(
        "tiktok", ANY_JURISDICTION, PLATFORM_FLAG, True,
        "Paid promotion must switch on the content disclosure (branded content) setting.",
        "TikTok Branded Content Policy", "brand_content_toggle",
    ),
    DisclosureRule(
        "youtube", ANY_JURISDICTION, PLATFORM_FLAG, False,
        "Realistic altered or synthetic content must be disclosed at upload.",
        "YouTube: disclosing altered or synthetic content", "containsSyntheticMedia",
    ),
    DisclosureRule(
        "youtube", ANY_JURISDICTION, PLATFORM_FLAG, True,
        "Paid product placements, endorsements and sponsorships must be declared.",
        "YouTube: paid product placements and endorsements policy", "hasPaidProductPlacement",
    ),
)  # fmt: skip


def disclosure_rules(*, platform: str | None = None, paid: bool | None = None) -> list[DisclosureRule]:
    """The rows that apply to a platform (its own and the any-platform ones), optionally only those
    that apply to a paid (or an unpaid) post; ordered by platform, then jurisdiction."""
    rows = [r for r in RULES if platform is None or r.platform in (platform, ANY_PLATFORM)]
    if paid is False:
        rows = [r for r in rows if not r.only_when_paid]
    return sorted(rows, key=lambda r: (r.platform != ANY_PLATFORM, r.platform, r.jurisdiction, r.requirement))
