"""Wan2.2-Animate's render parameters: the shared fields (size, frames, steps, guidance, seed) plus its
own (mode, prompt, segments). Its limits are what ``WanAnimatePipeline`` demands, checked up front so
a person reads a clear message instead of the pipeline's crash."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from animation.params import RenderParameters, param

MODES = ("animate", "replace")
SIZE_MULTIPLE = 16  # latents are 1/8 of the frame and the transformer patches 2×2 of them
TEMPORAL_FACTOR = 4  # the VAE packs 4 frames into one latent frame, after a first one of its own
TEXT_SEQUENCE_LENGTH = 512  # the UMT5 sequence length the released model was trained with
MAX_PROMPT_CHARACTERS = 2000


@dataclass(frozen=True)
class WanAnimateParameters(RenderParameters):
    """One Wan2.2-Animate render. AnimateAnyone's scheduler and context windows do not apply: the model
    brings its own flow-matching scheduler and runs long videos as segments."""

    OMIT: ClassVar[frozenset[str]] = frozenset(
        {
            "scheduler",
            "context_frames",
            "context_overlap",
            "context_stride",
            "eta",
            "decode_chunk_size",
            "feature_reuse_interval",
        }
    )

    steps: int = param(
        20, label="Denoising steps", help="More steps: finer detail, slower.", minimum=1, maximum=100
    )
    guidance_scale: float = param(
        1.0,
        label="Guidance scale",
        help="Text and face guidance; 1 disables it (the released setting, twice as fast).",
        minimum=0,
        maximum=20,
    )
    mode: str = param(
        "animate",
        label="Mode",
        help="animate: the persona performs the motion on its own background; replace: the persona takes "
        "the performer's place in the driving video's scene, relit to match.",
        group="model",
        choices=MODES,
    )
    prompt: str = param(
        "",
        label="Prompt",
        help="What the video shows; empty: the persona's look from its bible.",
        group="prompt",
        maximum=MAX_PROMPT_CHARACTERS,
    )
    negative_prompt: str = param(
        "",
        label="Negative prompt",
        help="What to steer away from (only used when guidance is above 1).",
        group="prompt",
        maximum=MAX_PROMPT_CHARACTERS,
    )
    segment_frame_length: int = param(
        77,
        label="Segment length",
        help="Frames generated at once; longer videos run as segments, each continuing the last.",
        group="context",
        minimum=5,
        maximum=121,
    )
    prev_segment_conditioning_frames: int = param(
        1,
        label="Carried-over frames",
        help="Last frames of a segment that condition the next (1 or 5).",
        group="context",
        minimum=1,
        maximum=5,
    )

    @classmethod
    def cross_field_errors(cls, values: dict[str, Any]) -> dict[str, str]:
        errors = super().cross_field_errors(values)
        for name in ("width", "height"):
            if values[name] % SIZE_MULTIPLE:
                errors[name] = (
                    f"{name} must be a multiple of {SIZE_MULTIPLE} for Wan2.2-Animate; got {values[name]}."
                )
        if values["frames"] < 2:
            errors["frames"] = "Wan2.2-Animate needs at least 2 frames (face frames drive the expression)."
        length = values["segment_frame_length"]
        if length % TEMPORAL_FACTOR != 1:
            below = length // TEMPORAL_FACTOR * TEMPORAL_FACTOR + 1
            errors["segment_frame_length"] = (
                f"segment_frame_length must be 4k+1 (5, 9, 13, ... 77, 81); got {length}, try {below}."
            )
        carried = values["prev_segment_conditioning_frames"]
        if carried not in (1, 5):
            errors["prev_segment_conditioning_frames"] = (
                f"prev_segment_conditioning_frames must be 1 or 5; got {carried}."
            )
        elif carried == 5 and length < 13:
            errors["prev_segment_conditioning_frames"] = (
                f"5 carried-over frames need segments of 13 frames or more; segment_frame_length is {length}."
            )
        return errors

    # segments ---------------------------------------------------------------------------------------------
    def segment_count(self, frames: int | None = None) -> int:
        """How many segments render ``frames`` frames (as WanAnimatePipeline pads and splits them)."""
        frames = self.frames if frames is None else frames
        effective = self.segment_frame_length - self.prev_segment_conditioning_frames
        remainder = (frames - self.prev_segment_conditioning_frames) % effective
        padded = frames + (effective - remainder if remainder else 0)
        return max(1, padded // effective)
