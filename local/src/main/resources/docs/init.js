// Swagger UI over the document this server serves. "Authorize" takes a token that `make dev` printed.
window.ui = SwaggerUIBundle({
  url: "/openapi.yaml",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout",
  tryItOutEnabled: true,
  validatorUrl: null, // the default badge would call validator.swagger.io: nothing leaves this origin
  persistAuthorization: false
});
