"""What runs inside a GPU worker process: the model cache, rendering and progress reporting.

Nothing here is imported by the web app; torch is imported lazily by ``model_cache`` alone.
"""
