from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="referral_list"),
    path("<int:pk>/", views.referral_detail, name="referral_detail"),
    path("new/<int:household_pk>/", views.referral_create, name="referral_create"),
]
