"""URLs of cooperatives/twofactor/."""

urlpatterns: list = []
