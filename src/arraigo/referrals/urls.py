
app_name = "referrals"
urlpatterns: list = []
