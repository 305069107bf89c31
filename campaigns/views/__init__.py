"""Agency and portal pages for the campaigns app, one module per resource."""
