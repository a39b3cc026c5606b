from . import urls_duplicates, urls_households

app_name = "registry"

urlpatterns = [*urls_households.urlpatterns, *urls_duplicates.urlpatterns]
