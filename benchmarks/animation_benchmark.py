"""The animation pipeline's own figures: time per phase, seconds per step, peak memory, UNet FLOP rate,
and the memory model's prediction beside the measured peak (random weights: speed and memory do not
depend on their values).

    python benchmarks/animation_benchmark.py                 # tiny and mid on CPU, full size on CUDA
    python benchmarks/animation_benchmark.py --only full-cpu # full size, 8 frames 512x768, 1 step, CPU
    python benchmarks/animation_benchmark.py --only full --dtype bfloat16 --steps 30
    python benchmarks/animation_benchmark.py --only tiny --compile   # torch.compile: first and second render

Runs:
  tiny      the test configuration, 64x64, 8 frames, 4 steps, CPU
  mid       the side-by-side configuration (benchmarks/animation_vs_reference.py), 256x256, 12 frames in
            windows of 8 overlapping by 4, 4 steps, CPU
  full      full size (SD1.5 UNets, SD VAE, CLIP ViT-L/14), 512x768, 24 frames, 30 steps, CUDA
  full-cpu  full size on the CPU: 8 frames, 1 step (about 10 minutes on 2 cores, 12-13 GiB)

Guidance 3.5 throughout. For the comparison with the reference implementation, see
``animation_vs_reference.py``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

START = time.perf_counter()

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from animation_vs_reference import size_config  # noqa: E402

from animation import memory  # noqa: E402
from animation.config import AnimationConfig  # noqa: E402
from animation.loading import AnimationModels, build_unets, quiet_libraries, to_device  # noqa: E402
from animation.models.pose_guider import PoseGuider  # noqa: E402
from animation.models.temporal_module import sinusoidal_encoding  # noqa: E402
from animation.pipelines.animate_anyone import AnimationPipeline  # noqa: E402

RUNS = {
    "tiny": {"device": "cpu", "size": (64, 64), "frames": 8, "steps": 4, "context": 8},
    "mid": {"device": "cpu", "size": (256, 256), "frames": 12, "steps": 4, "context": 8},
    "full": {"device": "cuda", "size": (512, 768), "frames": 24, "steps": 30, "context": 24},
    "full-cpu": {"device": "cpu", "size": (512, 768), "frames": 8, "steps": 1, "context": 8},
}


def _fill(module: torch.nn.Module, generator: torch.Generator) -> None:
    for name, tensor in list(module.named_parameters()) + list(module.named_buffers()):
        with torch.no_grad():
            if name.endswith("pe"):
                tensor.copy_(sinusoidal_encoding(tensor.shape[1], tensor.shape[2]))
            elif tensor.dim() == 1:
                tensor.fill_(1.0 if name.endswith("weight") else 0.0)
            else:
                tensor.uniform_(-0.03, 0.03, generator=generator)


def build_pipeline(config: AnimationConfig, device: torch.device, dtype: torch.dtype) -> AnimationPipeline:
    """Large models are built on the meta device and filled with small random values (fast, no init)."""
    from diffusers import AutoencoderKL
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    generator = torch.Generator().manual_seed(0)
    with torch.device("meta"):
        reference, denoising = build_unets(config.unet, config.model)
        pose_guider = PoseGuider(
            config.unet.block_out_channels[0], config.model.pose_guider_block_out_channels
        )
    for module in (reference, denoising, pose_guider):
        module.to_empty(device="cpu")
        _fill(module, generator)
    with quiet_libraries():
        vae = AutoencoderKL.from_config(config.vae)
        image_encoder = CLIPVisionModelWithProjection(CLIPVisionConfig(**config.image_encoder))
    models = AnimationModels(vae, image_encoder, reference, denoising, pose_guider, config.unet, config.model)
    return AnimationPipeline(
        to_device(models, device, dtype), device=device, dtype=dtype, fingerprint="bench"
    )


def _peak(device: torch.device) -> float:
    if device.type == "cuda":
        return torch.cuda.max_memory_allocated() / 2**30
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def unet_flops(pipe: AnimationPipeline, width: int, height: int, frames: int) -> float:
    """FLOPs of one guided denoising-UNet call over a window (PyTorch's FLOP counter, one real call)."""
    from torch.utils.flop_counter import FlopCounterMode

    dev, dt = pipe.device, pipe.dtype
    unet = pipe.denoising_unet
    c0 = unet.config.block_out_channels[0]
    h, w = height // 8, width // 8
    sample = torch.randn(2, 4, frames, h, w, device=dev, dtype=dt)
    context = torch.zeros(2, 1, unet.config.cross_attention_dim, device=dev, dtype=dt)
    poses = torch.zeros(2 * frames, c0, h, w, device=dev, dtype=dt)
    with torch.inference_mode(), FlopCounterMode(display=False) as counter:
        unet(sample, 500, context, poses, reference_mask=(False, False))
    return float(counter.get_total_flops())


def run(name: str, dtype: torch.dtype, steps: int | None, compile_backend: str | None = None) -> None:
    spec = RUNS[name]
    dev = torch.device(spec["device"])
    config = AnimationConfig.tiny() if name == "tiny" else size_config("mid") if name == "mid" else None
    config = config or AnimationConfig.full_size()
    width, height = spec["size"]
    frames, steps, context = spec["frames"], steps or spec["steps"], spec["context"]
    t0 = time.perf_counter()
    pipe = build_pipeline(config, dev, dtype)
    _sync(dev)
    build_s = time.perf_counter() - t0
    rng = np.random.default_rng(0)
    reference = Image.fromarray(rng.integers(0, 255, (height, width, 3), dtype=np.uint8))
    poses = [Image.fromarray(rng.integers(0, 255, (height, width, 3), dtype=np.uint8)) for _ in range(frames)]
    if dev.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
    phases: dict[str, float] = {}
    record, decode = pipe._record_reference, pipe._decode

    def timed(label, fn):
        def wrapper(*args, **kwargs):
            _sync(dev)
            start = time.perf_counter()
            out = fn(*args, **kwargs)
            _sync(dev)
            phases[label] = time.perf_counter() - start
            return out

        return wrapper

    pipe._record_reference = timed("reference pass", record)
    pipe._decode = timed("decode", decode)
    stamps: list[float] = []

    def tick(step: int, total: int) -> None:
        _sync(dev)
        stamps.append(time.perf_counter())

    render = {
        "width": width,
        "height": height,
        "frames": frames,
        "steps": steps,
        "guidance_scale": 3.5,
        "context_frames": context,
        "context_overlap": 4,
    }
    if compile_backend:
        # The first render pays for compiling every shape; the timed render below is the second.
        pipe.compile_unets(backend=compile_backend)
        t0 = time.perf_counter()
        pipe.generate(reference, poses, **render)
        _sync(dev)
        print(f"{name:8s} torch.compile ({compile_backend}): first render {time.perf_counter() - t0:.1f} s")
        phases.clear()
    t0 = time.perf_counter()
    result = pipe.generate(
        reference,
        poses,
        **render,
        progress_callback=tick,
    )
    render_s = time.perf_counter() - t0
    denoise_s = stamps[-1] - t0 - phases["reference pass"]
    per_step = denoise_s / steps
    print(
        f"{name:8s} {dev.type:4s} {str(dtype).replace('torch.', ''):8s} {width}x{height} {frames:3d} frames "
        f"{steps:2d} steps | start-up {t0 - START:6.1f} s (build {build_s:5.1f}) | "
        f"reference pass {phases['reference pass']:6.2f} s | denoising {denoise_s:7.1f} s "
        f"({per_step:6.2f} s/step) | decode {phases['decode']:6.1f} s | render {render_s:7.1f} s | "
        f"peak {_peak(dev):.2f} GiB {'GPU' if dev.type == 'cuda' else 'RSS'}",
        flush=True,
    )
    plan = result.memory
    print(f"         memory model for this run: {memory.describe(plan)}; decode chunk {plan.decode_chunk}")
    if name.startswith("full"):
        for count in (24, 120):
            predicted = pipe.memory_plan(width, height, count, 16, True)
            print(f"         memory model, {count} frames (windows of 16): {memory.describe(predicted)}")
    if name != "full-cpu":
        flops = unet_flops(pipe, width, height, min(context, frames))
        calls_per_step = len(range(0, frames, context - 4)) if frames > context else 1
        rate = flops * calls_per_step / per_step
        print(
            f"         denoising UNet: {flops / 1e9:.0f} GFLOP per guided window call, "
            f"{rate / 1e12:.3f} TFLOP/s achieved over the step loop"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=sorted(RUNS), action="append")
    parser.add_argument("--steps", type=int, help="override the number of steps of every run")
    parser.add_argument("--threads", type=int, help="torch CPU threads (default: torch's choice)")
    parser.add_argument("--dtype", default=None, help="float32, float16 or bfloat16 (default: fp16 on CUDA)")
    parser.add_argument(
        "--compile",
        nargs="?",
        const="inductor",
        metavar="BACKEND",
        help="torch.compile the UNets (backend, default inductor): prints the first render, times the second",
    )
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    chosen = args.only or ["tiny", "mid", "full"]
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} CPU threads, cuda={torch.cuda.is_available()}"
    )
    for name in chosen:
        if RUNS[name]["device"] == "cuda" and not torch.cuda.is_available():
            print(f"{name:8s} skipped: no CUDA GPU")
            continue
        default = torch.float16 if RUNS[name]["device"] == "cuda" else torch.float32
        dtype = getattr(torch, args.dtype) if args.dtype else default
        run(name, dtype, args.steps, args.compile)


if __name__ == "__main__":
    main()
