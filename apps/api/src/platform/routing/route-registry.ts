import { Injectable, OnModuleInit } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_METADATA } from '../auth/access.decorators';
import type { RouteDefinition } from './route-definition';
import { ROUTE_METADATA } from './route.decorator';

/**
 * The routes actually mounted in this application (so the OpenAPI document never lists a route
 * that is not served, e.g. the demo token outside demo mode). At start-up it also refuses any
 * route without an access policy, and duplicate operation ids.
 */
@Injectable()
export class RouteRegistry implements OnModuleInit {
  private routes: readonly RouteDefinition[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const routes: RouteDefinition[] = [];
    const unguarded: string[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.metatype) continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: unknown[]) => unknown;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const access = this.reflector.getAllAndOverride<unknown>(ACCESS_METADATA, [handler, wrapper.metatype]);
        if (!access) unguarded.push(`${wrapper.name}.${name}`);
        const definition = this.reflector.get<RouteDefinition | undefined>(ROUTE_METADATA, handler);
        if (definition) routes.push(definition);
      }
    }
    if (unguarded.length > 0) {
      throw new Error(`Routes without an access policy (use @Route, @Public or @Roles): ${unguarded.join(', ')}`);
    }
    const seen = new Set<string>();
    for (const route of routes) {
      if (seen.has(route.operationId)) throw new Error(`Duplicate operationId "${route.operationId}"`);
      seen.add(route.operationId);
    }
    this.routes = routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
  }

  list(): readonly RouteDefinition[] {
    return this.routes;
  }
}
