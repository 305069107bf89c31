"""A tiny random-weight Wan2.2-Animate directory in the released diffusers layout, built from
configuration only (nothing downloaded): for tests, benchmarks and trying the plumbing on a CPU.

Every component is diffusers' or transformers' own class at a few thousand parameters; the tokenizer
is a character-level one made here, saved as a fast tokenizer.
"""

from __future__ import annotations

from pathlib import Path

# Written beside model_index.json: the loader reads it so the model says it has random weights (the
# appearance check, for one, means nothing on an untrained image encoder).
RANDOM_WEIGHTS_MARKER = "STUDIO_RANDOM_WEIGHTS"

# Hidden sizes small enough for a CPU; the shapes keep the released model's structure (36 input
# channels = 2 × 16 latent + 4 mask, patch 1×2×2, a face crop size that is a power of two).
TINY_TRANSFORMER = {
    "patch_size": (1, 2, 2),
    "num_attention_heads": 2,
    "attention_head_dim": 8,
    "in_channels": 36,
    "latent_channels": 16,
    "out_channels": 16,
    "text_dim": 16,
    "freq_dim": 16,
    "ffn_dim": 16,
    "num_layers": 2,
    "image_dim": 8,
    "rope_max_seq_len": 32,
    "motion_encoder_channel_sizes": {"4": 8, "8": 8, "16": 8},
    "motion_encoder_size": 16,
    "motion_style_dim": 8,
    "motion_dim": 4,
    "motion_encoder_dim": 8,
    "face_encoder_hidden_dim": 16,
    "face_encoder_num_heads": 2,
    "inject_face_latents_blocks": 2,
    "motion_encoder_batch_size": 4,
}
TINY_VAE = {
    "base_dim": 3,
    "z_dim": 16,
    "dim_mult": [1, 1, 1, 1],
    "num_res_blocks": 1,
    "temperal_downsample": [False, True, True],
}


def tiny_tokenizer():
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {"<pad>": 0, "</s>": 1, "<unk>": 2}
    for character in "abcdefghijklmnopqrstuvwxyz0123456789 ,.":
        vocab.setdefault(character, len(vocab))
    model = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    model.pre_tokenizer = pre_tokenizers.Split("", "isolated")
    return PreTrainedTokenizerFast(
        tokenizer_object=model, pad_token="<pad>", eos_token="</s>", unk_token="<unk>"
    ), len(vocab)


def build_tiny_wan_animate(directory: str | Path, *, seed: int = 0) -> Path:
    """Write a complete tiny Wan2.2-Animate directory (``model_index.json`` and seven components)."""
    import torch
    from diffusers import (
        AutoencoderKLWan,
        UniPCMultistepScheduler,
        WanAnimatePipeline,
        WanAnimateTransformer3DModel,
    )
    from transformers import (
        CLIPImageProcessor,
        CLIPVisionConfig,
        CLIPVisionModel,
        UMT5Config,
        UMT5EncoderModel,
    )

    tokenizer, vocab_size = tiny_tokenizer()
    torch.manual_seed(seed)
    text_encoder = UMT5EncoderModel(
        UMT5Config(
            vocab_size=vocab_size,
            d_model=16,
            d_kv=8,
            d_ff=32,
            num_layers=1,
            num_heads=2,
            relative_attention_num_buckets=8,
            pad_token_id=0,
            eos_token_id=1,
        )
    )
    image_encoder = CLIPVisionModel(
        CLIPVisionConfig(
            hidden_size=TINY_TRANSFORMER["image_dim"],
            intermediate_size=16,
            num_hidden_layers=2,
            num_attention_heads=2,
            image_size=32,
            patch_size=8,
        )
    )
    pipe = WanAnimatePipeline(
        tokenizer=tokenizer,
        text_encoder=text_encoder,
        vae=AutoencoderKLWan(**TINY_VAE),
        scheduler=UniPCMultistepScheduler(
            prediction_type="flow_prediction", use_flow_sigmas=True, flow_shift=5.0
        ),
        image_processor=CLIPImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32}),
        image_encoder=image_encoder,
        transformer=WanAnimateTransformer3DModel(**TINY_TRANSFORMER),
    )
    directory = Path(directory)
    pipe.save_pretrained(directory)
    (directory / RANDOM_WEIGHTS_MARKER).write_text(f"tiny random-weight test model, seed {seed}\n")
    return directory
