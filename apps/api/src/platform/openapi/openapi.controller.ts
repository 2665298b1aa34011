import { Controller, Header, Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { RouteRegistry } from '../routing/route-registry';
import { Route } from '../routing/route.decorator';
import { renderDocsPage } from './docs-page';
import { buildOpenApiDocument, OpenApiDocument } from './openapi-document';
import { getDocsRoute, getOpenApiRoute } from './openapi.schemas';

export const API_VERSION = '0.1.0';

@Controller()
export class OpenApiController {
  private document?: OpenApiDocument;
  private page?: string;

  constructor(
    private readonly registry: RouteRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Route(getOpenApiRoute)
  openApi(): OpenApiDocument {
    return (this.document ??= buildOpenApiDocument(this.registry.list(), { version: API_VERSION, serverUrl: this.config.publicUrl }));
  }

  @Route(getDocsRoute)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
  docs(): string {
    return (this.page ??= renderDocsPage(this.openApi()));
  }
}
