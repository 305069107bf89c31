from rest_framework.routers import SimpleRouter

from generation.api.views.jobs import GenerationJobViewSet
from generation.api.views.motions import MotionViewSet

router = SimpleRouter()
router.register("generation-jobs", GenerationJobViewSet, basename="generation-job")
router.register("motions", MotionViewSet, basename="motion")

urlpatterns = router.urls
