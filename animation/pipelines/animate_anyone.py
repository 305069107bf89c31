"""The pose-to-video pipeline: reference image + pose frames -> video (AnimateAnyone architecture)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image

from animation.config import LATENT_SCALING, AnimationConfig, ModelConfig
from animation.errors import AnimationInputError, GenerationCancelled
from animation.loading import (
    AnimationModels,
    build_random_models,
    config_fingerprint,
    load_models,
    weights_fingerprint,
)
from animation.models.reference_attention import pair_reference_blocks
from animation.params import RenderParameters, dtype_name
from animation.pipelines import preprocessing
from animation.pipelines.context_windows import uniform_context_windows
from animation.scheduling import build_scheduler, step_kwargs

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], "bool | None"]


@dataclass
class AnimationResult:
    frames: list[Image.Image]
    latents: torch.Tensor  # (1, 4, F, H/8, W/8) float32, before decoding
    video: torch.Tensor  # (1, 3, F, H, W) float32 in [0, 1]
    fps: float | None  # of the pose video, when poses came from one
    parameters: RenderParameters | None = None  # what was rendered, the seed included


@dataclass
class _Request:
    """One validated generation request, ready to run."""

    reference: Image.Image
    pose_frames: list[Image.Image]
    fps: float | None
    width: int
    height: int
    steps: int
    guidance_scale: float
    seed: int
    windows: list[list[int]]
    scheduler: Any
    eta: float
    latents: torch.Tensor
    progress_callback: ProgressCallback | None
    decode_chunk_size: int


def default_device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def resolve_dtype(dtype: torch.dtype | str | None, device: torch.device) -> torch.dtype:
    """fp16 on a GPU, fp32 on the CPU unless asked; names as in ``animation.params.DTYPES``."""
    if dtype is None:
        return torch.float16 if device.type == "cuda" else torch.float32
    if isinstance(dtype, torch.dtype):
        return dtype
    return getattr(torch, dtype_name(dtype))


def _resolve_device(device: str | torch.device | None) -> torch.device:
    if device is None:
        return default_device()
    try:
        resolved = torch.device(device)
    except (RuntimeError, TypeError) as exc:
        raise AnimationInputError(f"unknown device {device!r}: {exc}")
    if resolved.type == "cuda" and not torch.cuda.is_available():
        raise AnimationInputError("device 'cuda' requested but no CUDA GPU is available")
    return resolved


class AnimationPipeline:
    """Holds the five components on one device; ``generate`` (or calling it) makes one video.

    Not thread-safe: a run installs the reference recordings in the denoising UNet's blocks, so one
    pipeline serves one generation at a time (as a worker process does).
    """

    def __init__(
        self,
        models: AnimationModels,
        *,
        device: torch.device,
        dtype: torch.dtype,
        fingerprint: str,
        random_weights: bool = False,
    ) -> None:
        self.models = models
        self.device = device
        self.dtype = dtype
        self.fingerprint = fingerprint
        self.random_weights = random_weights
        self.model_config: ModelConfig = models.model_config
        self._pairs = pair_reference_blocks(models.denoising_unet, models.reference_unet)

    # construction -----------------------------------------------------------------------------------
    @classmethod
    def from_pretrained(
        cls,
        weights_dir: str | Path,
        model_config: ModelConfig | dict | str | Path | None = None,
        *,
        device: str | torch.device | None = None,
        dtype: torch.dtype | str | None = None,
    ) -> AnimationPipeline:
        """Load the released layout; ``model_config`` is the ``model_config`` JSON (file, dict or object);
        without it the released full-size inference settings apply."""
        dev = _resolve_device(device)
        dt = resolve_dtype(dtype, dev)
        models = load_models(weights_dir, model_config, device=dev, dtype=dt)
        fingerprint = weights_fingerprint(weights_dir, models.model_config)
        return cls(models, device=dev, dtype=dt, fingerprint=fingerprint)

    @classmethod
    def from_config(
        cls,
        config: AnimationConfig | None = None,
        *,
        seed: int = 0,
        device: str | torch.device | None = None,
        dtype: torch.dtype | str | None = None,
    ) -> AnimationPipeline:
        """Random weights (tiny config by default): deterministic for a seed, needs no files, makes noise."""
        config = config or AnimationConfig.tiny()
        dev = _resolve_device(device)
        dt = resolve_dtype(dtype, dev)
        models = build_random_models(config, seed=seed, device=dev, dtype=dt)
        return cls(
            models, device=dev, dtype=dt, fingerprint=config_fingerprint(config, seed), random_weights=True
        )

    # components -----------------------------------------------------------------------------------------
    @property
    def vae(self):
        return self.models.vae

    @property
    def image_encoder(self):
        return self.models.image_encoder

    @property
    def reference_unet(self):
        return self.models.reference_unet

    @property
    def denoising_unet(self):
        return self.models.denoising_unet

    @property
    def pose_guider(self):
        return self.models.pose_guider

    # generation ---------------------------------------------------------------------------------------
    def __call__(self, *args, **kwargs) -> AnimationResult:
        return self.generate(*args, **kwargs)

    def generate(
        self,
        reference_image: Image.Image | str | Path,
        poses: list[Image.Image | str | Path] | str | Path,
        params: RenderParameters | None = None,
        *,
        initial_latents: torch.Tensor | np.ndarray | None = None,
        progress_callback: ProgressCallback | None = None,
        **changes: Any,
    ) -> AnimationResult:
        """Animate ``reference_image`` along ``poses`` (images, a directory of images or a video file).

        ``params`` is the render's :class:`~animation.params.RenderParameters` (the defaults when omitted);
        keyword ``changes`` are field names of that schema, validated by it. Asking for more frames than
        there are poses is an error (poses are not looped). ``guidance_scale`` <= 1 disables guidance.
        ``progress_callback(step, total)`` runs after every denoising step; returning False stops the run
        by raising ``GenerationCancelled``. A missing seed is drawn and reported in the result.
        """
        params = RenderParameters.validate((params or RenderParameters()).render_fields(), **changes)
        params = params.with_seed()
        max_window = self.model_config.max_context_frames
        if max_window is not None and params.context_frames > max_window:
            raise AnimationInputError(
                f"context_frames={params.context_frames} exceeds {max_window}, the longest window these"
                " motion modules support (their position encoding length)"
            )
        reference = preprocessing.load_image(reference_image, "reference image")
        pose_frames, fps = preprocessing.load_poses(poses, max_frames=params.frames)
        if len(pose_frames) < params.frames:
            raise AnimationInputError(
                f"{params.frames} frames requested but only {len(pose_frames)} pose frames are available"
            )
        windows = uniform_context_windows(
            params.frames, params.context_frames, params.context_overlap, params.context_stride
        )
        sched = build_scheduler(params.scheduler, self.model_config.noise_scheduler_kwargs)
        latent_shape = (
            1,
            self.denoising_unet.config.in_channels,
            params.frames,
            params.height // 8,
            params.width // 8,
        )
        latents = self._initial_latents(initial_latents, latent_shape, params.seed)

        request = _Request(
            reference=reference,
            pose_frames=pose_frames[: params.frames],
            fps=fps,
            width=params.width,
            height=params.height,
            steps=params.steps,
            guidance_scale=params.guidance_scale,
            seed=params.seed,
            windows=windows,
            scheduler=sched,
            eta=params.eta,
            latents=latents,
            progress_callback=progress_callback,
            decode_chunk_size=params.decode_chunk_size,
        )
        with torch.inference_mode():
            result = self._run(request)
        result.parameters = params
        return result

    @staticmethod
    def _initial_latents(initial, shape: tuple[int, ...], seed: int) -> torch.Tensor:
        if initial is None:
            generator = torch.Generator("cpu").manual_seed(seed)
            return torch.randn(shape, generator=generator, dtype=torch.float32)
        tensor = torch.as_tensor(np.asarray(initial) if not isinstance(initial, torch.Tensor) else initial)
        if tuple(tensor.shape) != shape:
            raise AnimationInputError(
                f"initial latents have shape {tuple(tensor.shape)}, expected {shape} (1, 4, frames, H/8, W/8)"
            )
        return tensor.to(torch.float32).clone()

    def image_embeddings(self, images: list[Image.Image]):
        """(N, D) float32 numpy array: CLIP's projected embedding of each image, as the UNet is given."""
        with torch.inference_mode():
            pixels = torch.cat([preprocessing.clip_input(image) for image in images]).to(
                self.device, self.dtype
            )
            embeds = self.image_encoder(pixel_values=pixels).image_embeds
            return embeds.float().cpu().numpy()

    def _encode_reference(self, reference: Image.Image, width: int, height: int):
        dev, dt = self.device, self.dtype
        pixels = preprocessing.clip_input(reference).to(dev, dt)
        embeds = self.image_encoder(pixel_values=pixels).image_embeds.unsqueeze(1)  # (1, 1, dim)
        vae = self.vae
        image = preprocessing.vae_input(reference, width, height).to(dev, vae.dtype)
        ref_latents = vae.encode(image).latent_dist.mean * LATENT_SCALING
        return embeds.to(dt), ref_latents.to(dt)

    def _pose_features(
        self, frames: list[Image.Image], width: int, height: int, chunk: int = 16
    ) -> torch.Tensor:
        parts = []
        for start in range(0, len(frames), chunk):
            pixels = preprocessing.pose_input(frames[start : start + chunk], width, height)
            parts.append(self.pose_guider(pixels.to(self.device, self.dtype)))
        return torch.cat(parts)  # (F, C0, H/8, W/8)

    def _record_reference(self, ref_latents: torch.Tensor, context: torch.Tensor) -> None:
        """Run the reference UNet once at timestep 0 and hand each recording to its paired block."""
        recorded: dict[str, torch.Tensor] = {}
        timestep = torch.zeros((), dtype=torch.long, device=self.device)
        self.reference_unet(ref_latents, timestep, context, recorder=recorded)
        for reader, writer in self._pairs:
            reader.set_reference(recorded[writer.block_name])

    def _run(self, req: _Request) -> AnimationResult:
        dev, dt = self.device, self.dtype
        sched, latents = req.scheduler, req.latents
        num_frames = latents.shape[2]
        guided = req.guidance_scale > 1.0
        cond, ref_latents = self._encode_reference(req.reference, req.width, req.height)
        context = torch.cat([torch.zeros_like(cond), cond]) if guided else cond
        mask = (False, True) if guided else (True,)  # the unconditional half does not see the reference
        batch = len(mask)
        pose_features = self._pose_features(req.pose_frames, req.width, req.height)

        sched.set_timesteps(req.steps, device=dev)
        extra = step_kwargs(sched, eta=req.eta, generator=torch.Generator("cpu").manual_seed(req.seed))
        latents = (latents * sched.init_noise_sigma).to(dev)
        window_index = [torch.tensor(w, device=dev) for w in req.windows]
        counter = torch.zeros(num_frames, device=dev)
        for idx in window_index:
            counter[idx] = counter[idx] + 1
        counter = counter.view(1, 1, num_frames, 1, 1)

        try:
            self._record_reference(ref_latents, cond)
            timesteps = sched.timesteps
            total = len(timesteps)
            for step, t in enumerate(timesteps):
                noise_pred = torch.zeros((batch, *latents.shape[1:]), device=dev, dtype=torch.float32)
                for idx in window_index:
                    model_input = latents[:, :, idx].expand(batch, -1, -1, -1, -1)
                    model_input = sched.scale_model_input(model_input, t).to(dt)
                    poses = pose_features[idx].repeat(batch, 1, 1, 1)
                    pred = self.denoising_unet(model_input, t, context, poses, reference_mask=mask)
                    noise_pred[:, :, idx] = noise_pred[:, :, idx] + pred.float()
                noise_pred = noise_pred / counter
                if guided:
                    uncond, cond_pred = noise_pred.chunk(2)
                    noise_pred = uncond + req.guidance_scale * (cond_pred - uncond)
                latents = sched.step(noise_pred, t, latents, **extra).prev_sample
                if req.progress_callback is not None and req.progress_callback(step + 1, total) is False:
                    raise GenerationCancelled(step + 1, total)
        finally:
            self.denoising_unet.clear_reference()

        video = self._decode(latents, req.decode_chunk_size)
        frames = video_to_images(video)
        return AnimationResult(frames=frames, latents=latents.float().cpu(), video=video, fps=req.fps)

    def _decode(self, latents: torch.Tensor, chunk: int) -> torch.Tensor:
        vae = self.vae
        num_frames = latents.shape[2]
        flat = (latents / LATENT_SCALING)[0].transpose(0, 1)  # (F, 4, h, w)
        parts = []
        chunk = max(1, chunk)
        for start in range(0, num_frames, chunk):
            decoded = vae.decode(flat[start : start + chunk].to(vae.dtype)).sample
            parts.append((decoded.float() / 2 + 0.5).clamp(0, 1).cpu())
        return torch.cat(parts).transpose(0, 1).unsqueeze(0)  # (1, 3, F, H, W)


def video_to_images(video: torch.Tensor) -> list[Image.Image]:
    """(1, 3, F, H, W) in [0, 1] -> RGB images."""
    array = (video[0].permute(1, 2, 3, 0).numpy() * 255.0).round().clip(0, 255).astype(np.uint8)
    return [Image.fromarray(frame) for frame in array]
