from django.urls import path, re_path

from . import views
from .v1.api import api
from .v1.errors import method_refusal_shaped, unknown_address

app_name = "api"

# The API's own paths, each answering a method it does not take in the error shape.
v1_patterns, v1_app, v1_namespace = api.urls
for pattern in v1_patterns:
    pattern.callback = method_refusal_shaped(pattern.callback)

urlpatterns = [
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/new/", views.token_new, name="token_new"),
    path("tokens/<int:pk>/revoke/", views.token_revoke_page, name="token_revoke"),
    path("v1/", (v1_patterns, v1_app, v1_namespace)),
    re_path(r"^v1/(?P<rest>.*)$", unknown_address),
]
