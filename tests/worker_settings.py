"""Settings for the Celery worker that the job tests start: production settings plus test hooks.

Only this module turns on GENERATION_TEST_HOOKS (kill or slow a render on request), so the hooks
cannot be reached through the public API of a deployed studio.
"""

from influencer_platform.settings import *  # noqa: F403

GENERATION_TEST_HOOKS = True
