"""Template helpers for content credentials and identity checks."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.filter
def render_credentials(job):
    """A job's credentials in the API's shape, or None before its render was signed."""
    from trust.models import ContentCredential

    try:
        return job.content_credential.as_api()
    except ContentCredential.DoesNotExist:
        return None


@register.filter
def identity_check(job):
    """A job's identity check, or None before its render finished."""
    from trust.selectors import job_identity_check

    return job_identity_check(job=job)


PLOT_WIDTH, PLOT_HEIGHT, PLOT_PAD = 320, 80, 4


@register.simple_tag
def identity_plot(check):
    """Per-frame scores as an inline SVG line (gaps where no face was visible) with the threshold
    dashed across; drawn on the server so it needs no script and reads the same at phone width."""
    scores = check.frame_scores or []
    if not any(score is not None for score in scores):
        return ""
    span = max(len(scores) - 1, 1)

    def x(index: int) -> float:
        return round(PLOT_PAD + index * (PLOT_WIDTH - 2 * PLOT_PAD) / span, 1)

    def y(score: float) -> float:
        return round(PLOT_PAD + (1 - min(max(score, 0.0), 1.0)) * (PLOT_HEIGHT - 2 * PLOT_PAD), 1)

    runs, current = [], []
    for index, score in enumerate(scores):
        if score is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(f"{x(index)},{y(float(score))}")
    if current:
        runs.append(current)
    lines = format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="currentColor" stroke-width="2"/>',
        ((" ".join(run),) for run in runs if len(run) > 1),
    )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="2" fill="currentColor"/>',
        ((*run[0].split(","),) for run in runs if len(run) == 1),
    )
    limit = y(float(check.threshold))
    label = f"Identity score per frame, {len(scores)} frames; threshold {check.threshold}"
    return format_html(
        '<svg class="identity-plot" viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="{label}" '
        'preserveAspectRatio="none"><line x1="0" x2="{w}" y1="{t}" y2="{t}" stroke="#c0392b" '
        'stroke-dasharray="4 3"/>{lines}{dots}</svg>',
        w=PLOT_WIDTH,
        h=PLOT_HEIGHT,
        t=limit,
        label=label,
        lines=lines,
        dots=dots,
    )


@register.filter
def stored_url(key: str) -> str:
    """The (signed, expiring) URL of a file kept by storage key, such as an identity thumbnail."""
    from django.core.files.storage import default_storage

    return default_storage.url(key) if key else ""
