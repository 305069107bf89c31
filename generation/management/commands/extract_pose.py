"""Extract a motion from a driving video on the command line, optionally retargeted to a reference image.

Useful for operators preparing motions by hand and for checking the pipeline on a new machine; the web
upload path runs the same library functions in the worker.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from posekit.align import align_to_reference
from posekit.errors import EstimatorUnavailable, MotionInputError
from posekit.estimators import get_estimator
from posekit.extract import extract_image_pose, extract_pose_sequence, load_rgb_image
from posekit.pose_assets import write_motion_files
from posekit.probe import probe_video
from posekit.skeleton_video import detect_skeleton_video


class Command(BaseCommand):
    help = (
        "Extract body, hand and face keypoints from VIDEO into --out: keypoints.npz, pose.mp4 (skeleton "
        "video), poster.png and preview.webp; with --align-to IMAGE also the same files prefixed "
        "aligned_, retargeted to the person in IMAGE."
    )

    def add_arguments(self, parser):
        parser.add_argument("video", help="driving video (MP4, MOV, WebM, MKV or AVI)")
        parser.add_argument("--out", required=True, help="output folder (created if missing)")
        parser.add_argument("--align-to", dest="align_to", help="reference image to retarget the motion to")
        parser.add_argument("--max-frames", dest="max_frames", type=int, help="only the first N frames")
        parser.add_argument("--backend", default="mediapipe", help="pose estimator (default: mediapipe)")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        video = Path(options["video"])
        out = Path(options["out"])
        max_frames = options["max_frames"]
        if not video.is_file():
            raise CommandError(f"{video}: no such file")
        if max_frames is not None and max_frames < 1:
            raise CommandError("--max-frames must be at least 1")
        align_to = Path(options["align_to"]) if options["align_to"] else None
        if align_to is not None and not align_to.is_file():
            raise CommandError(f"{align_to}: no such file")
        try:
            info = probe_video(video)
            if detect_skeleton_video(video, info).is_skeleton:
                raise CommandError(
                    f"{video.name} is already a skeleton (pose) video: use it as a motion as it is, "
                    "there is nothing to extract"
                )
        except MotionInputError as exc:
            raise CommandError(f"{video.name}: {exc}") from exc

        reference = reference_size = None
        if align_to is not None:
            try:
                image = load_rgb_image(align_to)
            except MotionInputError as exc:
                raise CommandError(f"{align_to.name}: {exc}") from exc
            reference, reference_size = extract_image_pose(image), (image.shape[1], image.shape[0])
            if reference.is_empty:
                raise CommandError(f"{align_to.name}: no person found in the reference image")

        try:
            estimator = get_estimator(options["backend"], static_image_mode=False)
        except EstimatorUnavailable as exc:
            raise CommandError(str(exc)) from exc
        sequence = self._extract(video, estimator, max_frames, info.frame_count)
        outputs = self._write(sequence, out, prefix="")
        if reference is not None:
            try:
                aligned = align_to_reference(sequence, reference, reference_size)
            except ValueError as exc:
                raise CommandError(f"cannot align to {align_to.name}: {exc}") from exc
            outputs += self._write(aligned, out, prefix="aligned_")

        self.stdout.write(
            f"{len(sequence)} frames at {sequence.fps:g} fps ({sequence.duration:.2f} s), "
            f"{sequence.frames_without_person} without a person"
        )
        for path in outputs:
            self.stdout.write(f"wrote {path}")

    def _extract(self, video, estimator, max_frames, frame_count):
        from tqdm import tqdm

        total = min(frame_count, max_frames) if max_frames else frame_count
        disable = self.verbosity == 0
        with (
            estimator,
            tqdm(
                total=total,
                unit="frame",
                desc="poses",
                file=getattr(self.stderr, "_out", sys.stderr),
                disable=disable,
            ) as bar,
        ):

            def progress(done, total_now):
                bar.total = total_now
                bar.update(done - bar.n)

            try:
                sequence, _stats = extract_pose_sequence(
                    video, estimator=estimator, progress=progress, max_frames=max_frames
                )
            except MotionInputError as exc:
                raise CommandError(f"{video.name}: {exc}") from exc
        return sequence

    def _write(self, sequence, out: Path, *, prefix: str) -> list[Path]:
        files = write_motion_files(sequence, out, prefix=prefix)
        return [files["keypoints"], files["pose_video"], files["poster"], files["preview"]]
