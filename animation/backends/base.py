"""What every model backend declares, and the small interface the studio drives it through.

Torch-free: the web app reads names, parameter schemas, licences and memory classes from here; the
heavy parts of a backend load only in :meth:`ModelBackend.load`, inside a worker or a command line.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from animation.errors import WeightsError
from animation.params import RenderParameters

# progress(step, total) after every denoising step; returning False stops the run (GenerationCancelled).
ProgressCallback = Callable[[int, int], bool | None]
# Receives finished frames as soon as a stretch of video is decoded, so long videos never sit in memory.
FrameSink = Callable[[list], None]

# Memory classes: which kind of GPU a backend needs. The job queue for each lives in generation.queue.
MEMORY_CLASSES: dict[str, str] = {
    "gpu": "a GPU with 24 GB or less",
    "gpu-large": "an 80 GB GPU (A100/H100 class)",
}

# Inputs a backend can ask for; a render is given those it declares (see RenderInputs).
INPUT_KINDS: dict[str, str] = {
    "reference": "the persona's reference image",
    "poses": "the pose sequence, rendered as skeleton frames",
    "faces": "square face crops of the driving performer, one per frame",
    "background": "the driving video's frames (the scene a replacement is put into)",
    "mask": "a person mask per frame of the driving video (white: the person to replace)",
}


@dataclass(frozen=True)
class Licence:
    """The weights' licence, recorded with every render they produce."""

    name: str
    url: str
    commercial_use: bool
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "url": self.url, "commercial_use": self.commercial_use, "note": self.note}


@dataclass(frozen=True)
class WeightsLayout:
    """The files a weights directory must hold; ``alternatives`` lists files any one of which will do."""

    description: str
    required: tuple[str, ...]
    alternatives: tuple[tuple[str, ...], ...] = ()

    def missing(self, root: Path) -> list[str]:
        names = [name for name in self.required if not (root / name).is_file()]
        for options in self.alternatives:
            if not any((root / name).is_file() for name in options):
                names.append(" or ".join(options))
        return names

    def check(self, weights_dir: str | Path) -> Path:
        """The directory, or WeightsError naming every missing file."""
        root = Path(weights_dir)
        if not root.is_dir():
            raise WeightsError(f"weights directory not found: {root}")
        missing = self.missing(root)
        if missing:
            raise WeightsError(f"incomplete weights directory {root}: missing {', '.join(missing)}")
        return root


@dataclass
class RenderInputs:
    """What one render is given; a backend reads the kinds it declares in ``inputs``."""

    reference: Any  # PIL image
    poses: list = field(default_factory=list)  # PIL images
    faces: list | None = None
    background: list | None = None
    mask: list | None = None
    fps: float | None = None

    def provided(self) -> set[str]:
        kinds = {"reference"} if self.reference is not None else set()
        kinds |= {name for name in ("poses", "faces", "background", "mask") if getattr(self, name)}
        return kinds


@dataclass(frozen=True)
class AppearanceEncoder:
    """The model's own image encoder, offered for the appearance check of its renders.

    ``embed(images)`` gives an (N, D) array (numpy), one embedding per PIL image; ``method`` names it."""

    embed: Callable[[list], Any]
    method: str


class LoadedBackend(ABC):
    """A backend's model loaded on a device, ready to render one video at a time."""

    backend: ModelBackend
    fingerprint: str  # identifies the weights (or random-weight config) that make a video
    description: dict  # recorded with the job: backend, version, weights, device, dtype, licence...

    @abstractmethod
    def render(
        self,
        inputs: RenderInputs,
        params: RenderParameters,
        *,
        progress_callback: ProgressCallback | None = None,
        frame_sink: FrameSink | None = None,
    ) -> list:
        """Render; returns the PIL frames (none when ``frame_sink`` took them). Raises
        AnimationInputError for bad inputs and GenerationCancelled when the callback says stop."""

    def appearance_encoder(self) -> AppearanceEncoder | None:
        """The image encoder that judges whether a render still looks like its reference, or None when
        this model has none worth asking (random weights embed nothing meaningful)."""
        return None


class ModelBackend(ABC):
    """One model family. Subclasses set the class attributes and implement :meth:`load`."""

    name: ClassVar[str]
    version: ClassVar[str]
    title: ClassVar[str]
    params_class: ClassVar[type[RenderParameters]]
    memory_class: ClassVar[str]
    licence: ClassVar[Licence]
    inputs: ClassVar[tuple[str, ...]]
    weights_layout: ClassVar[WeightsLayout]
    # Whether it can run without a weights directory (random tiny weights, for demos and tests).
    has_tiny_model: ClassVar[bool] = False

    def check_weights(self, weights_dir: str | Path) -> Path:
        return self.weights_layout.check(weights_dir)

    def required_inputs(self, params: RenderParameters) -> tuple[str, ...]:
        """The input kinds this render needs (a mode may need more than another)."""
        return self.inputs

    def total_steps(self, params: RenderParameters) -> int:
        """Denoising steps of the whole render, as progress counts them."""
        return params.steps

    @abstractmethod
    def load(
        self, *, weights_dir: str | None, device: str | None = None, dtype: str | None = None, **options
    ) -> LoadedBackend:
        """Load the weights in ``weights_dir`` (or the tiny random model when it is empty and the
        backend has one); raises WeightsError naming what is wrong."""

    def describe(self) -> dict[str, Any]:
        return {
            "backend": self.name,
            "version": self.version,
            "title": self.title,
            "memory_class": self.memory_class,
            "inputs": list(self.inputs),
            "licence": self.licence.as_dict(),
        }
