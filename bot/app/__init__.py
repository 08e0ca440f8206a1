"""The composition root: builds the services and the Application, registers the handlers."""
