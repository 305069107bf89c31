"""The CPU attention kernel for narrow heads computes PyTorch's softmax attention, and steps aside cleanly."""

from __future__ import annotations

import logging

import pytest
import torch
import torch.nn.functional as F

from animation.kernels import narrow_attention
from animation.models.attention import Attention


@pytest.fixture(scope="module")
def kernel():
    try:
        narrow_attention.build()
    except RuntimeError as exc:
        pytest.skip(f"the CPU attention kernel cannot be built here: {exc}")
    library = narrow_attention.load()
    assert library is not None
    return library


def sdpa(q, k, v, heads, shared=None):
    """The definition: shared keys/values concatenated after each element's own, PyTorch's attention."""
    if shared is not None:
        k = torch.cat([k, shared[0].expand(k.shape[0], -1, -1)], dim=1)
        v = torch.cat([v, shared[1].expand(v.shape[0], -1, -1)], dim=1)
    n, lq, inner = q.shape
    d = inner // heads

    def split(t):
        return t.reshape(t.shape[0], t.shape[1], heads, d).transpose(1, 2)

    out = F.scaled_dot_product_attention(split(q), split(k), split(v))
    return out.transpose(1, 2).reshape(n, lq, inner)


@pytest.mark.parametrize(
    "batch,rows,keys,shared_keys,heads,head_dim",
    [
        (3, 13, 21, 0, 2, 8),  # rows and keys not multiples of the 8 vector lanes
        (2, 64, 40, 24, 4, 8),  # a shared (reference) segment
        (2, 8, 8, 0, 8, 16),  # temporal: sequences of 8 frames
        (1, 5, 3, 17, 1, 16),  # more shared keys than own keys
        (4, 1, 1, 0, 3, 8),  # one query, one key
    ],
)
def test_kernel_equals_pytorch_attention(kernel, batch, rows, keys, shared_keys, heads, head_dim):
    g = torch.Generator().manual_seed(batch * 1000 + rows)
    inner = heads * head_dim
    q, k, v = (torch.randn(batch, n, inner, generator=g) for n in (rows, keys, keys))
    shared = None
    if shared_keys:
        shared = (
            torch.randn(1, shared_keys, inner, generator=g),
            torch.randn(1, shared_keys, inner, generator=g),
        )
    out = narrow_attention.attention(q, k, v, heads, shared)
    assert out is not None and out.shape == (batch, rows, inner)
    torch.testing.assert_close(out, sdpa(q, k, v, heads, shared), rtol=1e-5, atol=2e-6)


def test_kernel_is_stable_for_large_and_lopsided_scores(kernel):
    """Scores in the hundreds (the row maximum is subtracted first) and rows where one key dominates."""
    g = torch.Generator().manual_seed(7)
    q = torch.randn(2, 16, 16, generator=g) * 12
    k = torch.randn(2, 24, 16, generator=g) * 12
    v = torch.randn(2, 24, 16, generator=g)
    out = narrow_attention.attention(q, k, v, 2)
    assert torch.isfinite(out).all()
    torch.testing.assert_close(out, sdpa(q, k, v, 2), rtol=1e-4, atol=1e-5)


def test_kernel_reads_strided_rows_and_per_element_shared_segments(kernel):
    """Row strides wider than the heads (views into a fused projection) and one shared segment per element."""
    g = torch.Generator().manual_seed(3)
    fused = torch.randn(2, 10, 3 * 32, generator=g)
    q, k, v = fused[..., :32], fused[..., 32:64], fused[..., 64:]
    assert q.stride(1) == 96
    shared = (torch.randn(2, 6, 32, generator=g), torch.randn(2, 6, 32, generator=g))
    out = narrow_attention.attention(q, k, v, 4, shared)
    expected = torch.cat(
        [
            sdpa(q[i : i + 1], k[i : i + 1], v[i : i + 1], 4, (shared[0][i : i + 1], shared[1][i : i + 1]))
            for i in range(2)
        ]
    )
    torch.testing.assert_close(out, expected, rtol=1e-5, atol=2e-6)


def test_threads_split_the_pairs_without_changing_the_result(kernel):
    g = torch.Generator().manual_seed(11)
    q, k, v = (torch.randn(3, 20, 24, generator=g) for _ in range(3))
    previous = torch.get_num_threads()
    try:
        torch.set_num_threads(1)
        one = narrow_attention.attention(q, k, v, 3)
        torch.set_num_threads(2)
        two = narrow_attention.attention(q, k, v, 3)
    finally:
        torch.set_num_threads(previous)
    assert torch.equal(one, two)


@pytest.mark.parametrize(
    "make",
    [
        lambda: torch.randn(1, 4, 32, dtype=torch.float64),  # not float32
        lambda: torch.randn(1, 4, 64),  # 32-channel heads: PyTorch's kernel is faster there
        lambda: torch.randn(1, 4, 20),  # heads not a multiple of the vector width
        lambda: torch.randn(1, 4, 32, requires_grad=True),  # needs a gradient
    ],
)
def test_unsupported_inputs_are_left_to_pytorch(make):
    q = make()
    assert narrow_attention.attention(q, q, q, 2) is None


def test_turned_off_by_environment(kernel, monkeypatch):
    monkeypatch.setenv("ANIMATION_CPU_KERNELS", "0")
    q = torch.randn(1, 4, 16)
    assert narrow_attention.attention(q, q, q, 2) is None


def test_attention_module_gives_the_same_answer_either_way(kernel, monkeypatch):
    torch.manual_seed(0)
    attn = Attention(32, heads=4, dim_head=8).eval()
    x = torch.randn(3, 12, 32)
    shared = (torch.randn(1, 9, 32), torch.randn(1, 9, 32))
    with torch.no_grad():
        fast = attn.attend(attn.to_q(x), attn.to_k(x), attn.to_v(x), shared)
        monkeypatch.setenv("ANIMATION_CPU_KERNELS", "0")
        plain = attn.attend(attn.to_q(x), attn.to_k(x), attn.to_v(x), shared)
    torch.testing.assert_close(fast, plain, rtol=1e-5, atol=2e-6)


def test_a_failing_build_falls_back_with_a_log_line(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("ANIMATION_KERNEL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("CXX", "false")  # a "compiler" that always fails
    monkeypatch.setattr(narrow_attention, "_loaded", False)
    monkeypatch.setattr(narrow_attention, "_library", None)
    with caplog.at_level(logging.INFO, logger=narrow_attention.__name__):
        q = torch.randn(1, 4, 16)
        assert narrow_attention.attention(q, q, q, 2) is None
    assert "using PyTorch's SDPA" in caplog.text
    assert not list((tmp_path / "cache").glob("*.so*"))  # no partial file left behind


def test_build_is_cached_per_source_and_flags(kernel, tmp_path, monkeypatch):
    monkeypatch.setenv("ANIMATION_KERNEL_CACHE", str(tmp_path))
    first = narrow_attention.build()
    stamp = first.stat().st_mtime_ns
    assert narrow_attention.build() == first and first.stat().st_mtime_ns == stamp
    assert first.parent == tmp_path and first.name.startswith("narrow_attention-")
