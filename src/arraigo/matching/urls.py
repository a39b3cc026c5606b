from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
]
