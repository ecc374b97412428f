"""The deadline-rush load test (issue 13, item 3): ``python -m loadtest.run`` or ``make loadtest``.

``scenario`` holds the figures every unit submits (pure functions, shared by the seed, the
locust users and the checker); ``seed`` prepares the database through the services; ``locustfile``
is the load; ``check`` verifies afterwards that nothing was lost, duplicated or mis-summed.
"""
