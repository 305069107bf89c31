"""Render with Wan2.2-Animate segment by segment, as ``WanAnimatePipeline.__call__`` does, but with what
the studio adds: progress across all segments, cancellation between steps, and frames handed out as
each segment is decoded, so a video of any length needs the memory of one segment.

Every numerical step is the pipeline's own method (prompt and image encoding, latent preparation,
conditioning of each segment on the last one, the transformer, the scheduler, the VAE) called in the
pipeline's order with the pipeline's random draws; ``tests/animation/test_wan_animate.py`` checks the
frames equal a direct ``WanAnimatePipeline`` call with the same inputs and noise.
"""

from __future__ import annotations

from animation.backends.base import AppearanceEncoder, LoadedBackend, RenderInputs
from animation.backends.wan_animate.params import TEXT_SEQUENCE_LENGTH, WanAnimateParameters
from animation.errors import AnimationInputError, GenerationCancelled

DEFAULT_PROMPT = "A person moving naturally, high quality, detailed."


class WanAnimateModel(LoadedBackend):
    def __init__(
        self,
        backend,
        pipe,
        *,
        device,
        fingerprint: str,
        weights: str,
        memory: dict,
        random_weights: bool = False,
    ):
        import torch

        self.backend = backend
        self.pipe = pipe
        self.device = device
        self.fingerprint = fingerprint
        config = pipe.transformer.config
        self.face_size = int(config.motion_encoder_size)
        self.description = {
            **backend.describe(),
            "weights": weights,
            "device": str(device),
            "dtype": str(pipe.transformer.dtype).replace("torch.", ""),
            "vae_dtype": str(pipe.vae.dtype).replace("torch.", ""),
            "transformer_parameters": sum(p.numel() for p in pipe.transformer.parameters()),
            "memory": memory,
            "random_weights": random_weights,
            "fingerprint": fingerprint,
        }
        self._torch = torch

    def appearance_encoder(self) -> AppearanceEncoder | None:
        if self.description["random_weights"]:
            return None
        return AppearanceEncoder(
            embed=self._image_embeddings,
            method="CLIP ViT-H/14 pooled image embedding (Wan's own image encoder), cosine",
        )

    def _image_embeddings(self, images: list):
        torch = self._torch
        pipe = self.pipe
        with torch.inference_mode():
            pixels = pipe.image_processor(images=list(images), return_tensors="pt").pixel_values
            pixels = pixels.to(pipe._execution_device, dtype=pipe.image_encoder.dtype)
            return pipe.image_encoder(pixel_values=pixels).pooler_output.float().cpu().numpy()

    # checks -------------------------------------------------------------------------------------------------
    def check_inputs(self, inputs: RenderInputs, params: WanAnimateParameters) -> None:
        """What the pipeline demands, in words, before any work starts."""
        if not isinstance(params, WanAnimateParameters):
            params = WanAnimateParameters.validate(params.backend_fields(WanAnimateParameters))
        if inputs.reference is None:
            raise AnimationInputError("wan-animate needs a reference image.")
        needed = {"poses": inputs.poses, "faces": inputs.faces}
        if params.mode == "replace":
            needed.update(background=inputs.background, mask=inputs.mask)
        for kind, frames in needed.items():
            if not frames:
                extra = " (replace mode needs the driving video's background and person mask)"
                raise AnimationInputError(
                    f"wan-animate in {params.mode} mode needs {kind} frames"
                    + (extra if kind in ("background", "mask") else "")
                    + "."
                )
            if len(frames) < params.frames:
                raise AnimationInputError(
                    f"{params.frames} frames were asked for but there are only {len(frames)} {kind} frames."
                )
        if params.frames < 2:
            raise AnimationInputError("wan-animate needs at least 2 face frames.")
        for index, crop in enumerate(inputs.faces[: params.frames]):
            if crop.size != (self.face_size, self.face_size):
                raise AnimationInputError(
                    f"face crop {index} is {crop.size[0]}x{crop.size[1]}; the model takes square crops of "
                    f"{self.face_size}x{self.face_size} (its motion_encoder_size)."
                )

    # rendering ----------------------------------------------------------------------------------------------
    def render(
        self,
        inputs: RenderInputs,
        params,
        *,
        progress_callback=None,
        frame_sink=None,
        latents=None,
    ) -> list:
        if not isinstance(params, WanAnimateParameters):
            params = WanAnimateParameters.validate(params.backend_fields(WanAnimateParameters))
        self.check_inputs(inputs, params)
        if params.seed is None:
            params = params.with_seed()
        torch = self._torch
        with torch.inference_mode():
            return self._segments(inputs, params, progress_callback, frame_sink, latents)

    def _segments(self, inputs, p: WanAnimateParameters, progress_callback, frame_sink, latents):
        torch = self._torch
        pipe = self.pipe
        generator = torch.Generator("cpu").manual_seed(p.seed)
        device = pipe._execution_device
        frames = p.frames
        carried = p.prev_segment_conditioning_frames
        length = p.segment_frame_length
        effective = length - carried
        segments = p.segment_count()
        target = frames + ((effective - (frames - carried) % effective) % effective)
        total_steps = segments * p.steps
        pipe._guidance_scale = p.guidance_scale
        pipe._attention_kwargs = None
        pipe._interrupt = False
        guidance = pipe.do_classifier_free_guidance

        prompt = p.prompt or DEFAULT_PROMPT
        prompt_embeds, negative_embeds = pipe.encode_prompt(
            prompt=prompt,
            negative_prompt=p.negative_prompt if guidance else None,
            do_classifier_free_guidance=guidance,
            num_videos_per_prompt=1,
            max_sequence_length=TEXT_SEQUENCE_LENGTH,
            device=device,
        )
        transformer_dtype = pipe.transformer.dtype
        prompt_embeds = prompt_embeds.to(transformer_dtype)
        if negative_embeds is not None:
            negative_embeds = negative_embeds.to(transformer_dtype)

        reference = inputs.reference
        image_pixels = pipe.vae_image_processor.preprocess(
            reference, height=p.height, width=p.width, resize_mode="fill"
        ).to(device, dtype=torch.float32)
        image_embeds = pipe.encode_image(reference, device).to(transformer_dtype)

        def padded(sequence):
            return pipe.pad_video_frames(list(sequence[:frames]), target)

        poses, faces = padded(inputs.poses), padded(inputs.faces)
        replace = p.mode == "replace"
        background = padded(inputs.background) if replace else None
        masks = padded(inputs.mask) if replace else None

        pipe.scheduler.set_timesteps(p.steps, device=device)
        reference_latents = pipe.prepare_reference_image_latents(
            image_pixels, 1, generator=generator, device=device
        )
        z_dim = pipe.vae.config.z_dim
        mean = torch.tensor(pipe.vae.config.latents_mean).view(1, z_dim, 1, 1, 1)
        recip_std = 1.0 / torch.tensor(pipe.vae.config.latents_std).view(1, z_dim, 1, 1, 1)

        kept, emitted, step, start = [], 0, 0, 0
        previous = None  # the last decoded segment's tail, in pixel space
        for _ in range(segments):
            end = start + length
            noise = pipe.prepare_latents(
                1,
                num_channels_latents=z_dim,
                height=p.height,
                width=p.width,
                num_frames=length,
                dtype=torch.float32,
                device=device,
                generator=generator,
                latents=latents if start == 0 else None,
            )
            pose_segment = pipe.video_processor.preprocess_video(
                poses[start:end], height=p.height, width=p.width
            ).to(device, dtype=torch.float32)
            face_segment = pipe.video_processor.preprocess_video(
                faces[start:end], height=self.face_size, width=self.face_size
            ).to(device, dtype=torch.float32)
            face_segment = face_segment.to(dtype=transformer_dtype)
            background_segment = mask_segment = None
            if replace:
                background_segment = pipe.video_processor.preprocess_video(
                    background[start:end], height=p.height, width=p.width
                ).to(device, dtype=torch.float32)
                mask_segment = pipe.video_processor_for_mask.preprocess_video(
                    masks[start:end], height=p.height, width=p.width
                ).to(device, dtype=torch.float32)
            pose_latents = pipe.prepare_pose_latents(pose_segment, 1, generator=generator, device=device)
            pose_latents = pose_latents.to(dtype=transformer_dtype)
            condition = pipe.prepare_prev_segment_cond_latents(
                previous,
                background_video=background_segment,
                mask_video=mask_segment,
                batch_size=1,
                segment_frame_length=length,
                start_frame=start,
                height=p.height,
                width=p.width,
                prev_segment_cond_frames=carried,
                task=p.mode,
                generator=generator,
                device=device,
            )
            conditioning = torch.cat([reference_latents, condition], dim=2)
            embeds = (prompt_embeds, negative_embeds, image_embeds, pose_latents, face_segment)
            noise = self._denoise(noise, conditioning, embeds, p, step, total_steps, progress_callback)
            step += p.steps
            decoded = self._decode(noise, mean, recip_std)
            if start > 0:
                decoded = decoded[:, :, carried:]
            previous = decoded[:, :, -carried:].clone()
            wanted = min(decoded.shape[2], frames - emitted)
            if wanted > 0:
                images = pipe.video_processor.postprocess_video(decoded[:, :, :wanted], output_type="pil")[0]
                emitted += len(images)
                if frame_sink is not None:
                    frame_sink(list(images))
                else:
                    kept.extend(images)
            start += effective
            pipe.scheduler.set_timesteps(p.steps, device=device)
        pipe.maybe_free_model_hooks()
        return kept

    def _denoise(self, latents, conditioning, embeds, p, done, total, progress_callback):
        prompt_embeds, negative_embeds, image_embeds, pose_latents, face_segment = embeds
        torch = self._torch
        pipe = self.pipe
        transformer_dtype = pipe.transformer.dtype
        for index, t in enumerate(pipe.scheduler.timesteps):
            model_input = torch.cat([latents, conditioning], dim=1).to(transformer_dtype)
            timestep = t.expand(latents.shape[0])
            with pipe.transformer.cache_context("cond"):
                noise_pred = pipe.transformer(
                    hidden_states=model_input,
                    timestep=timestep,
                    encoder_hidden_states=prompt_embeds,
                    encoder_hidden_states_image=image_embeds,
                    pose_hidden_states=pose_latents,
                    face_pixel_values=face_segment,
                    return_dict=False,
                )[0]
            if pipe.do_classifier_free_guidance:
                with pipe.transformer.cache_context("uncond"):
                    noise_uncond = pipe.transformer(
                        hidden_states=model_input,
                        timestep=timestep,
                        encoder_hidden_states=negative_embeds,
                        encoder_hidden_states_image=image_embeds,
                        pose_hidden_states=pose_latents,
                        face_pixel_values=face_segment * 0 - 1,  # a blank face: no expression to follow
                        return_dict=False,
                    )[0]
                    noise_pred = noise_uncond + p.guidance_scale * (noise_pred - noise_uncond)
            latents = pipe.scheduler.step(noise_pred, t, latents, return_dict=False)[0]
            step = done + index + 1
            if progress_callback is not None and progress_callback(step, total) is False:
                pipe.maybe_free_model_hooks()
                raise GenerationCancelled(step, total)
        return latents

    def _decode(self, latents, mean, recip_std):
        vae = self.pipe.vae
        latents = latents.to(vae.dtype)
        latents = latents / recip_std.to(latents.device, latents.dtype) + mean.to(
            latents.device, latents.dtype
        )
        return vae.decode(latents[:, :, 1:], return_dict=False)[0]
