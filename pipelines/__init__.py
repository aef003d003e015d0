"""The Dagster code location of baochi: definitions, resources, schedules and sensors."""
