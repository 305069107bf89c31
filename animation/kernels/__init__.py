"""Compiled CPU kernels for the animation model, each with a PyTorch fallback (see ``narrow_attention``)."""
