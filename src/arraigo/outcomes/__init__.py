"""The outcome model: the probability of formal work at 6 months, per household and city.

Import-light on purpose (a Django app); the public surface is `arraigo.outcomes.api`.
"""
