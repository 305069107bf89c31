"""Context window schedule and scheduler construction."""

from __future__ import annotations

import pytest

from animation import AnimationInputError, uniform_context_windows


def test_readme_example_windows():
    assert uniform_context_windows(12, 8, 4) == [
        [0, 1, 2, 3, 4, 5, 6, 7],
        [4, 5, 6, 7, 8, 9, 10, 11],
        [8, 9, 10, 11, 0, 1, 2, 3],
    ]


def test_short_videos_use_one_window_of_all_frames():
    assert uniform_context_windows(5, 8, 4) == [[0, 1, 2, 3, 4]]
    assert uniform_context_windows(8, 8, 4, context_stride=3) == [list(range(8))]


def test_windows_wrap_around_and_cover_every_frame():
    windows = uniform_context_windows(30, 16, 4)
    assert [w[0] for w in windows] == [0, 12, 24]
    assert windows[-1] == [24, 25, 26, 27, 28, 29] + list(range(10))
    assert {i for w in windows for i in w} == set(range(30))


def test_stride_adds_dilated_windows():
    windows = uniform_context_windows(16, 4, 0, context_stride=2)
    assert windows[:4] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15]]
    assert windows[4:] == [[0, 2, 4, 6], [8, 10, 12, 14]]


@pytest.mark.parametrize(("frames", "context", "overlap"), [(12, 8, 8), (12, 8, -1), (12, 0, 0), (0, 8, 2)])
def test_invalid_window_settings(frames, context, overlap):
    with pytest.raises(AnimationInputError):
        uniform_context_windows(frames, context, overlap)


def test_released_ddim_settings():
    from animation import build_scheduler

    scheduler = build_scheduler("DDIM")
    scheduler.set_timesteps(4)
    assert type(scheduler).__name__ == "DDIMScheduler"
    assert scheduler.timesteps.tolist() == [999, 749, 499, 249]  # trailing spacing
    assert scheduler.config.prediction_type == "v_prediction"
    assert float(scheduler.alphas_cumprod[-1]) == pytest.approx(0.0, abs=1e-12)  # zero terminal SNR


def test_other_schedulers_by_name_and_overrides():
    from animation import build_scheduler

    assert type(build_scheduler("EulerDiscrete")).__name__ == "EulerDiscreteScheduler"
    assert type(build_scheduler("DPMSolverMultistepScheduler")).__name__ == "DPMSolverMultistepScheduler"
    corrected = build_scheduler("DDIM", overrides={"beta_schedule": "scaled_linear"})
    assert corrected.config.beta_schedule == "scaled_linear"
    with pytest.raises(AnimationInputError, match="unknown scheduler"):
        build_scheduler("NoSuchSampler")
