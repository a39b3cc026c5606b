from .views import budget, grants, lodging, trips

app_name = "relocation"

urlpatterns = [*trips.urlpatterns, *lodging.urlpatterns, *grants.urlpatterns, *budget.urlpatterns]
