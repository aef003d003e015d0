"""Reports rendered from the warehouse: plain functions (no Dagster), so tests and scripts can call them."""
