"""The pose-to-video pipeline: reference image + pose frames -> video (AnimateAnyone architecture)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image

from animation import memory
from animation.config import LATENT_SCALING, AnimationConfig, ModelConfig
from animation.errors import AnimationInputError, GenerationCancelled
from animation.host_allocator import tune_host_allocator
from animation.loading import (
    AnimationModels,
    build_random_models,
    config_fingerprint,
    load_models,
    weights_fingerprint,
)
from animation.memory import MemoryPlan
from animation.memory import describe as describe_memory
from animation.models.reference_attention import pair_reference_blocks
from animation.models.subpixel import use_subpixel_upsampling
from animation.models.unet_3d import DeepFeatureCache
from animation.models.vae_resnet import use_in_place_resnets
from animation.params import RenderParameters, dtype_name
from animation.pipelines import preprocessing
from animation.pipelines.context_windows import uniform_context_windows
from animation.scheduling import build_scheduler, step_kwargs

logger = logging.getLogger(__name__)

COMPILE_ENV = "ANIMATION_TORCH_COMPILE"

ProgressCallback = Callable[[int, int], "bool | None"]


@dataclass
class AnimationResult:
    frames: list[Image.Image]
    latents: torch.Tensor  # (1, 4, F, H/8, W/8) float32, before decoding
    video: torch.Tensor  # (1, 3, F, H, W) float32 in [0, 1]
    fps: float | None  # of the pose video, when poses came from one
    parameters: RenderParameters | None = None  # what was rendered, the seed included
    memory: MemoryPlan | None = None  # the chunk sizes used and the predicted peak


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
    decode_chunk_size: int | None
    context_frames: int
    feature_reuse_interval: int


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
        tune_host_allocator()
        # Tuning knobs, same output: windows per UNet call (None: chosen from memory) and computing the
        # per-frame layers before the first motion module once per step instead of once per window.
        self.batch_windows: int | None = None
        self.share_window_prefix = True
        # Same weights, faster decoding: sub-pixel upsampling convolutions, resnets working in place and
        # channels-last activations (oneDNN and cuDNN convolve NHWC without reordering every layer).
        use_subpixel_upsampling(models.vae)
        use_in_place_resnets(models.vae)
        models.vae.to(memory_format=torch.channels_last)
        self.compiled = False
        if os.environ.get(COMPILE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}:
            self.compile_unets()

    def compile_unets(self, *, backend: str = "inductor", mode: str | None = None) -> None:
        """``torch.compile`` both UNets in place (``ANIMATION_TORCH_COMPILE=1`` at construction).

        Off by default: compiling costs minutes before the first step, which only a long-lived GPU
        worker earns back (measured by ``benchmarks/animation_benchmark.py --compile``). On the CPU the
        narrow-head attention kernel stays a call out of the compiled graphs.
        """
        import torch._dynamo

        # Each UNet level's blocks run at their own shapes: one compiled variant per level and window
        # shape, more than dynamo's default of 8 per function.
        torch._dynamo.config.cache_size_limit = max(torch._dynamo.config.cache_size_limit, 64)
        for unet in (self.models.denoising_unet, self.models.reference_unet):
            unet.compile(backend=backend, mode=mode, dynamic=False)
        self.compiled = True

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
        tune_host_allocator()  # before loading, so the weights' memory is laid out the same way
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
        tune_host_allocator()  # before loading, so the weights' memory is laid out the same way
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
            context_frames=params.context_frames,
            feature_reuse_interval=params.feature_reuse_interval,
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

    def _upload(self, tensor: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
        """Host tensors reach a GPU from pinned memory without the host waiting for the copy."""
        if self.device.type == "cuda":
            tensor = tensor.pin_memory()
        return tensor.to(self.device, dtype, non_blocking=True)

    def _encode_reference(self, reference: Image.Image, width: int, height: int):
        dt = self.dtype
        pixels = self._upload(preprocessing.clip_input(reference), dt)
        embeds = self.image_encoder(pixel_values=pixels).image_embeds.unsqueeze(1)  # (1, 1, dim)
        vae = self.vae
        image = self._upload(preprocessing.vae_input(reference, width, height), vae.dtype)
        ref_latents = vae.encode(image).latent_dist.mean * LATENT_SCALING
        return embeds.to(dt), ref_latents.to(dt)

    def _pose_features(
        self, frames: list[Image.Image], width: int, height: int, chunk: int = 16
    ) -> torch.Tensor:
        parts = []
        for start in range(0, len(frames), chunk):
            pixels = preprocessing.pose_input(frames[start : start + chunk], width, height)
            parts.append(self.pose_guider(self._upload(pixels, self.dtype)))
        return torch.cat(parts)  # (F, C0, H/8, W/8)

    def windows_per_call(self, plan: MemoryPlan, windows: int) -> int:
        """Context windows per UNet call: ``batch_windows`` when set, else as many as fit on a GPU (at most
        4); one on a CPU, where batching windows measured under 2 % faster."""
        if plan.split_guidance:
            return 1
        if self.batch_windows is not None:
            return max(1, min(self.batch_windows, windows))
        if self.device.type != "cuda":
            return 1
        fits = plan.room_bytes // max(plan.window_bytes, 1)
        return int(max(1, min(4, windows, fits)))

    def memory_plan(
        self,
        width: int,
        height: int,
        frames: int,
        context_frames: int,
        guided: bool,
        decode_chunk: int | None = None,
    ) -> MemoryPlan:
        """Chunk sizes for a render of this size that fit the free memory (or the set budget)."""
        weights = sum(
            t.numel() * t.element_size()
            for module in self.models.modules().values()
            for t in (*module.parameters(), *module.buffers())
        )
        itemsize = torch.empty((), dtype=self.dtype).element_size()
        return memory.plan(
            memory.RenderShape(width, height, frames, context_frames, guided),
            device_type=self.device.type,
            unet_width=self.denoising_unet.config.block_out_channels[0],
            vae_width=self.vae.config.block_out_channels[0],
            itemsize=itemsize,
            vae_itemsize=torch.empty((), dtype=self.vae.dtype).element_size(),
            weights_bytes=weights,
            room=memory.render_room(self.device.type, weights),
            decode_chunk=decode_chunk,
        )

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
        plan = self.memory_plan(
            req.width, req.height, num_frames, req.context_frames, guided, req.decode_chunk_size
        )
        logger.info("render memory: %s", describe_memory(plan))
        pose_features = self._pose_features(req.pose_frames, req.width, req.height, plan.pose_chunk)

        sched.set_timesteps(req.steps, device=dev)
        extra = step_kwargs(sched, eta=req.eta, generator=torch.Generator("cpu").manual_seed(req.seed))
        latents = self._upload(latents * sched.init_noise_sigma, torch.float32)
        window_index = [torch.tensor(w, device=dev) for w in req.windows]
        counter = torch.zeros(num_frames, device=dev)
        for idx in window_index:
            counter[idx] = counter[idx] + 1
        counter = counter.view(1, 1, num_frames, 1, 1)
        # Overlapping windows see most frames twice; what comes before the first motion module is per
        # frame, so it is computed once per frame and step and each window takes its rows.
        share_prefix = (
            self.share_window_prefix
            and plan.share_prefix
            and len(window_index) > 1
            and self.denoising_unet.has_window_independent_prefix
        )

        per_call = self.windows_per_call(plan, len(window_index))
        groups = [window_index[i : i + per_call] for i in range(0, len(window_index), per_call)]
        # Under a tight memory budget the guidance halves go through the UNet one at a time.
        halves = [slice(i, i + 1) for i in range(batch)] if plan.split_guidance else [slice(0, batch)]
        interval = req.feature_reuse_interval
        calls = [
            (group, half, DeepFeatureCache() if interval > 1 else None) for group in groups for half in halves
        ]
        try:
            self._record_reference(ref_latents, cond)
            # The scheduler gets timesteps as Python numbers, the UNet as device tensors made here: nothing
            # in the loop waits for the device.
            step_times = sched.timesteps.tolist()
            unet_times = sched.timesteps.to(dev)
            total = len(step_times)
            for step, t in enumerate(step_times):
                noise_pred = torch.zeros((batch, *latents.shape[1:]), device=dev, dtype=torch.float32)
                scaled = sched.scale_model_input(latents, t).to(dt).expand(batch, -1, -1, -1, -1)
                prefix = None
                if share_prefix:
                    prefix = self._shared_prefix(
                        scaled, unet_times[step], context, pose_features, mask, req.context_frames
                    )
                for group, half, cache in calls:
                    if cache is not None:  # full passes on every interval-th step and the last one
                        cache.reuse = step % interval != 0 and step < total - 1
                    pred = self._window_call(
                        scaled, group, half, unet_times[step], context, mask, pose_features, prefix, cache
                    )
                    rows = half.stop - half.start
                    for j, idx in enumerate(group):
                        part = pred[j * rows : (j + 1) * rows].float()
                        noise_pred[half, :, idx] = noise_pred[half, :, idx] + part
                noise_pred = noise_pred / counter
                if guided:
                    uncond, cond_pred = noise_pred.chunk(2)
                    noise_pred = uncond + req.guidance_scale * (cond_pred - uncond)
                latents = sched.step(noise_pred, t, latents, **extra).prev_sample
                if req.progress_callback is not None and req.progress_callback(step + 1, total) is False:
                    raise GenerationCancelled(step + 1, total)
        finally:
            self.denoising_unet.clear_reference()

        video = self._decode(latents, plan.decode_chunk)
        frames = video_to_images(video)
        return AnimationResult(
            frames=frames, latents=latents.float().cpu(), video=video, fps=req.fps, memory=plan
        )

    def _window_call(self, scaled, group, half, t, context, mask, pose_features, prefix, cache):
        """One UNet call over ``group``'s windows, stacked window-major on the batch axis, for the guidance
        rows ``half`` (both, or one under a tight budget)."""
        n, rows = len(group), half.stop - half.start
        model_input = torch.cat([scaled[half, :, idx] for idx in group])
        call_context = context[half].repeat(n, 1, 1)
        call_mask = mask[half] * n
        if prefix is None:
            poses = torch.cat([pose_features[idx].repeat(rows, 1, 1, 1) for idx in group])
            return self.denoising_unet(
                model_input, t, call_context, poses, reference_mask=call_mask, deep_cache=cache
            )
        num_frames = scaled.shape[2]
        offsets = torch.arange(half.start, half.stop, device=scaled.device)[:, None] * num_frames
        picked = torch.cat([(offsets + idx[None, :]).reshape(-1) for idx in group])
        return self.denoising_unet(
            model_input,
            t,
            call_context,
            reference_mask=call_mask,
            prefix=(prefix[0][picked], prefix[1][picked]),
            deep_cache=cache,
        )

    def _shared_prefix(self, scaled, t, context, pose_features, mask, chunk: int):
        """``window_independent_prefix`` of all frames, (B*F, C0, h, w) each, computed ``chunk`` frames at a
        time so its working memory is that of one window."""
        batch, num_frames = scaled.shape[0], scaled.shape[2]
        skips, spatial = [], []
        for start in range(0, num_frames, chunk):
            frames = slice(start, min(start + chunk, num_frames))
            poses = pose_features[frames].repeat(batch, 1, 1, 1)
            skip, first = self.denoising_unet.window_independent_prefix(
                scaled[:, :, frames], t, context, poses, reference_mask=mask
            )
            n = frames.stop - frames.start
            skips.append(skip.view(batch, n, *skip.shape[1:]))
            spatial.append(first.view(batch, n, *first.shape[1:]))
        flat = (batch * num_frames, *skips[0].shape[2:])
        return torch.cat(skips, dim=1).reshape(flat), torch.cat(spatial, dim=1).reshape(flat)

    def _decode(self, latents: torch.Tensor, chunk: int) -> torch.Tensor:
        vae = self.vae
        num_frames = latents.shape[2]
        flat = (latents / LATENT_SCALING)[0].transpose(0, 1)  # (F, 4, h, w)
        parts = []
        chunk = max(1, chunk)
        for start in range(0, num_frames, chunk):
            part = flat[start : start + chunk].to(vae.dtype).contiguous(memory_format=torch.channels_last)
            decoded = vae.decode(part).sample
            parts.append((decoded.float() / 2 + 0.5).clamp(0, 1).cpu())
        return torch.cat(parts).transpose(0, 1).unsqueeze(0)  # (1, 3, F, H, W)


def video_to_images(video: torch.Tensor) -> list[Image.Image]:
    """(1, 3, F, H, W) in [0, 1] -> RGB images, one frame at a time (no float copy of the whole video)."""
    images = []
    for frame in video[0].unbind(1):
        array = (frame.permute(1, 2, 0) * 255.0).round_().clamp_(0, 255).to(torch.uint8).numpy()
        images.append(Image.fromarray(array))
    return images
