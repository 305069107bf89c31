"""Render one benchmark case with the studio's pipeline, as a whole process (imports included).

    python benchmarks/side_by_side/studio_render.py --case DIR --out DIR --threads N [--dtype bfloat16]

The counterpart of ``reference_render.py``: same checkpoint files, same initial latents, same outputs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

START = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--dtype", default="float32")
    args = parser.parse_args()

    import numpy as np
    import torch

    torch.set_num_threads(args.threads)
    from animation.pipelines.animate_anyone import AnimationPipeline

    phases = {"imports": time.perf_counter() - START}
    case = Path(args.case)
    params = json.loads((case / "params.json").read_text())
    t0 = time.perf_counter()
    pipe = AnimationPipeline.from_pretrained(
        case / "weights", params["model_config"], device="cpu", dtype=args.dtype
    )
    phases["load"] = time.perf_counter() - t0
    marks = []
    t0 = time.perf_counter()
    result = pipe.generate(
        case / "inputs" / "reference.png",
        [case / "inputs" / f"pose_{i:03d}.png" for i in range(params["frames"])],
        width=params["width"],
        height=params["height"],
        frames=params["frames"],
        steps=params["steps"],
        guidance_scale=params["guidance_scale"],
        context_frames=params["context_frames"],
        context_overlap=params["context_overlap"],
        context_stride=params["context_stride"],
        seed=params["seed"],
        initial_latents=np.load(case / "initial_latents.npy"),
        progress_callback=lambda step, total: marks.append(time.perf_counter()),
    )
    end = time.perf_counter()
    phases["denoise"] = marks[-1] - t0
    phases["decode"] = end - marks[-1]
    phases["render"] = end - t0
    np.save(Path(args.out) / "latents.npy", result.latents.numpy())
    np.save(Path(args.out) / "video.npy", result.video.numpy())
    phases["total_in_process"] = time.perf_counter() - START
    (Path(args.out) / "phases.json").write_text(json.dumps(phases))


if __name__ == "__main__":
    main()
