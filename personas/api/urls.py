from rest_framework.routers import SimpleRouter

from personas.api.views import PersonaViewSet, ReferenceImageViewSet

router = SimpleRouter()
router.register("personas", PersonaViewSet, basename="persona")
router.register("reference-images", ReferenceImageViewSet, basename="reference-image")

urlpatterns = router.urls
