from .views import budget, grants, grants_in_place, lodging, trips

app_name = "relocation"

urlpatterns = [
    *trips.urlpatterns,
    *lodging.urlpatterns,
    *grants.urlpatterns,
    *grants_in_place.urlpatterns,
    *budget.urlpatterns,
]
