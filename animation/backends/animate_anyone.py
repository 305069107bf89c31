"""AnimateAnyone (SD 1.5 UNet family, Moore-AnimateAnyone release) as a backend: a thin wrapper of
:class:`animation.pipelines.animate_anyone.AnimationPipeline`, whose numbers it leaves untouched."""

from __future__ import annotations

from animation.backends.base import (
    AppearanceEncoder,
    Licence,
    LoadedBackend,
    ModelBackend,
    RenderInputs,
    WeightsLayout,
)
from animation.params import RenderParameters

TINY_SEED = 0


class AnimateAnyoneBackend(ModelBackend):
    name = "animate-anyone"
    version = "moore-animateanyone-1.0"
    title = "AnimateAnyone (SD 1.5 UNet, 2023)"
    params_class = RenderParameters
    memory_class = "gpu"
    licence = Licence(
        name="Apache-2.0 (code and weights); the Stable Diffusion 1.5 parts are under CreativeML OpenRAIL-M",
        url="https://github.com/MooreThreads/Moore-AnimateAnyone",
        commercial_use=True,
        note="OpenRAIL-M use restrictions apply to the SD 1.5 UNet and VAE.",
    )
    inputs = ("reference", "poses")
    weights_layout = WeightsLayout(
        description="the released Moore-AnimateAnyone layout",
        required=(
            "stable-diffusion-v1-5/unet/config.json",
            "sd-vae-ft-mse/config.json",
            "image_encoder/config.json",
            "denoising_unet.pth",
            "motion_module.pth",
            "reference_unet.pth",
            "pose_guider.pth",
        ),
        alternatives=(
            (
                "sd-vae-ft-mse/diffusion_pytorch_model.safetensors",
                "sd-vae-ft-mse/diffusion_pytorch_model.bin",
            ),
            ("image_encoder/model.safetensors", "image_encoder/pytorch_model.bin"),
        ),
    )
    has_tiny_model = True

    def load(self, *, weights_dir=None, device=None, dtype=None, model_config=None, **options):
        from animation.config import AnimationConfig
        from animation.pipelines.animate_anyone import AnimationPipeline

        if weights_dir:
            self.check_weights(weights_dir)
            pipeline = AnimationPipeline.from_pretrained(
                weights_dir, model_config=model_config or None, device=device, dtype=dtype
            )
            weights = str(weights_dir)
        else:
            seed = options.get("tiny_seed", TINY_SEED)
            pipeline = AnimationPipeline.from_config(
                AnimationConfig.tiny(), seed=seed, device=device, dtype=dtype
            )
            weights = f"tiny random weights (seed {seed})"
        return AnimateAnyoneModel(self, pipeline, weights=weights, model_config=model_config)


class AnimateAnyoneModel(LoadedBackend):
    def __init__(self, backend: AnimateAnyoneBackend, pipeline, *, weights: str, model_config):
        self.backend = backend
        self.pipeline = pipeline
        self.fingerprint = pipeline.fingerprint
        self.description = {
            **backend.describe(),
            "weights": weights,
            "model_config": model_config or ("tiny" if pipeline.random_weights else "released defaults"),
            "device": str(pipeline.device),
            "dtype": str(pipeline.dtype).replace("torch.", ""),
            "random_weights": bool(pipeline.random_weights),
            "fingerprint": pipeline.fingerprint,
        }

    def render(self, inputs: RenderInputs, params, *, progress_callback=None, frame_sink=None, **options):
        render = RenderParameters(**params.backend_fields(RenderParameters))
        result = self.pipeline(
            inputs.reference, inputs.poses, render, progress_callback=progress_callback, **options
        )
        frames = list(result.frames)
        if frame_sink is not None:
            frame_sink(frames)
            return []
        return frames

    def appearance_encoder(self) -> AppearanceEncoder | None:
        if self.pipeline.random_weights:
            return None
        return AppearanceEncoder(
            embed=self.pipeline.image_embeddings,
            method="CLIP ViT-L/14 image embedding (the model's own image encoder), cosine",
        )
