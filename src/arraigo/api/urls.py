from django.urls import path, re_path

from . import views
from .v1.api import api
from .v1.errors import unknown_address

app_name = "api"

urlpatterns = [
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/new/", views.token_new, name="token_new"),
    path("tokens/<int:pk>/revoke/", views.token_revoke_page, name="token_revoke"),
    path("v1/", api.urls),
    re_path(r"^v1/(?P<rest>.*)$", unknown_address),
]
