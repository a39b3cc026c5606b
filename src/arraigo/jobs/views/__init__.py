"""Pages of the jobs app: employers and vacancies."""
