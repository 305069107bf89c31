"""Retarget a motion onto a reference body: the reference's proportions and place, the motion's movement.

DWPose/MusePose-style: the skeleton is a tree rooted at the neck. For every bone we compare its length
in the reference image with its length in the motion's first frame (the first one with a person) and
scale that bone by the ratio in every frame, then rebuild the skeleton outward from the neck. The neck
itself follows the motion's neck, moved onto the reference's neck and scaled by the body scale.

Torso bones (neck to shoulders and hips) also take the reference's direction in the first frame (a
fixed rotation per bone), so the first frame's shoulders and hips sit exactly on the reference body;
arms, legs and head keep the motion's angles and only take the reference's lengths. Hands follow their
wrist scaled like the forearm, the face follows the nose scaled like the head.
"""

from __future__ import annotations

import numpy as np

from posekit.keypoints import BODY, FramePose, PoseSequence

MIN_CONFIDENCE = 0.3
SCALE_LIMITS = (0.2, 5.0)

# (parent, child) bones in the order they are rebuilt, from the neck outward.
BONES = (
    ("neck", "right_shoulder"),
    ("neck", "left_shoulder"),
    ("neck", "right_hip"),
    ("neck", "left_hip"),
    ("neck", "nose"),
    ("right_shoulder", "right_elbow"),
    ("right_elbow", "right_wrist"),
    ("left_shoulder", "left_elbow"),
    ("left_elbow", "left_wrist"),
    ("right_hip", "right_knee"),
    ("right_knee", "right_ankle"),
    ("left_hip", "left_knee"),
    ("left_knee", "left_ankle"),
    ("nose", "right_eye"),
    ("right_eye", "right_ear"),
    ("nose", "left_eye"),
    ("left_eye", "left_ear"),
)
TORSO = {"right_shoulder", "left_shoulder", "right_hip", "left_hip"}
_BONES_IDX = tuple((BODY[p], BODY[c]) for p, c in BONES)


def _mirror(name: str) -> str:
    if name.startswith("right_"):
        return "left_" + name[6:]
    if name.startswith("left_"):
        return "right_" + name[5:]
    return name


def _bone(body: np.ndarray, parent: int, child: int) -> np.ndarray | None:
    if body[parent, 2] < MIN_CONFIDENCE or body[child, 2] < MIN_CONFIDENCE:
        return None
    vector = body[child, :2] - body[parent, :2]
    return vector if np.hypot(*vector) > 1e-3 else None


def _body_scale(ref: np.ndarray, first: np.ndarray) -> float:
    """Overall size ratio: from the neck-to-hips torso if seen, else the shoulder width, else the limbs."""

    def torso(body):
        hips = body[[BODY["right_hip"], BODY["left_hip"]]]
        if body[BODY["neck"], 2] < MIN_CONFIDENCE or (hips[:, 2] < MIN_CONFIDENCE).any():
            return None
        return float(np.hypot(*(hips[:, :2].mean(axis=0) - body[BODY["neck"], :2])))

    def shoulders(body):
        vector = _bone(body, BODY["right_shoulder"], BODY["left_shoulder"])
        return None if vector is None else float(np.hypot(*vector))

    for measure in (torso, shoulders):
        r, f = measure(ref), measure(first)
        if r and f:
            return r / f
    ratios = []
    for parent, child in _BONES_IDX:
        r, f = _bone(ref, parent, child), _bone(first, parent, child)
        if r is not None and f is not None:
            ratios.append(np.hypot(*r) / np.hypot(*f))
    if ratios:
        return float(np.median(ratios))
    raise ValueError("cannot compare body sizes: the reference and the motion share no confident bones")


def bone_transforms(ref: np.ndarray, first: np.ndarray) -> tuple[float, dict[tuple[int, int], complex]]:
    """Body scale and, per bone, a complex multiplier (scale, plus rotation for torso bones)."""
    scale = _body_scale(ref, first)
    found: dict[str, complex] = {}
    for parent, child in BONES:
        r, f = _bone(ref, BODY[parent], BODY[child]), _bone(first, BODY[parent], BODY[child])
        if r is None or f is None:
            continue
        ratio = complex(*r) / complex(*f)
        if child not in TORSO:
            ratio = complex(abs(ratio), 0)
        found[child] = ratio
    transforms = {}
    low, high = SCALE_LIMITS
    for (_parent, child), key in zip(BONES, _BONES_IDX, strict=True):
        if child in found:
            ratio = found[child]
        else:  # the other side's length (never its rotation, which would mirror the body) or the body scale
            ratio = complex(abs(found.get(_mirror(child), scale)), 0)
        if abs(ratio) > 0:
            ratio *= min(max(abs(ratio), low * scale), high * scale) / abs(ratio)
        transforms[key] = ratio
    return scale, transforms


def _apply(offset: np.ndarray, ratio: complex) -> np.ndarray:
    """Multiply 2D vectors (N, 2) by a complex number: rotate and scale them."""
    z = (offset[..., 0] + 1j * offset[..., 1]) * ratio
    return np.stack([z.real, z.imag], axis=-1).astype(np.float32)


def _retarget_frame(frame: FramePose, anchor, scale: float, transforms) -> FramePose:
    src = frame.body
    if not frame.has_person:
        return FramePose.empty()
    ref_neck, first_neck = anchor

    def globally(points: np.ndarray) -> np.ndarray:
        return ref_neck + (points - first_neck) * scale

    body = src.copy()
    body[:, :2] = globally(src[:, :2])  # fallback for points whose parent was not seen
    for parent, child in _BONES_IDX:
        if src[parent, 2] > 0 and src[child, 2] > 0:
            body[child, :2] = body[parent, :2] + _apply(
                src[child, :2] - src[parent, :2], transforms[(parent, child)]
            )
    body[src[:, 2] <= 0] = 0

    def follow(part: np.ndarray, root: int, ratio: float) -> np.ndarray:
        out = part.copy()
        seen = part[:, 2] > 0
        if src[root, 2] > 0:
            out[seen, :2] = body[root, :2] + (part[seen, :2] - src[root, :2]) * ratio
        else:
            out[seen, :2] = globally(part[seen, :2])
        out[~seen] = 0
        return out

    right_forearm = abs(transforms[(BODY["right_elbow"], BODY["right_wrist"])])
    left_forearm = abs(transforms[(BODY["left_elbow"], BODY["left_wrist"])])
    head = abs(transforms[(BODY["neck"], BODY["nose"])])
    return FramePose(
        body=body,
        left_hand=follow(frame.left_hand, BODY["left_wrist"], left_forearm),
        right_hand=follow(frame.right_hand, BODY["right_wrist"], right_forearm),
        face=follow(frame.face, BODY["nose"], head),
    )


def align_to_reference(
    sequence: PoseSequence, reference: FramePose, reference_size: tuple[int, int]
) -> PoseSequence:
    """A new sequence in the reference image's frame (width, height) whose first person frame matches it.

    Raises ValueError when the reference or the motion has no usable body.
    """
    if not reference.has_person or reference.body[BODY["neck"], 2] < MIN_CONFIDENCE:
        raise ValueError("the reference image has no clearly visible person (neck and shoulders needed)")
    first_index = sequence.first_person_index()
    if first_index is None:
        raise ValueError("the motion has no frame with a person")
    first = sequence.frames[first_index].body
    if first[BODY["neck"], 2] < MIN_CONFIDENCE:
        raise ValueError("the motion's first frame with a person does not show the shoulders clearly")
    scale, transforms = bone_transforms(reference.body, first)
    anchor = (reference.body[BODY["neck"], :2], first[BODY["neck"], :2])
    width, height = reference_size
    frames = [_retarget_frame(frame, anchor, scale, transforms) for frame in sequence.frames]
    return PoseSequence(fps=sequence.fps, width=int(width), height=int(height), frames=frames)
