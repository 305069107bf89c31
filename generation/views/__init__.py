"""Agency pages of the generation app: the motion library, the generate form and job pages."""
