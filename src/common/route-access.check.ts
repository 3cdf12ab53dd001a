import { Injectable, OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY } from './decorators';
import { RouteAccess, routesWithoutDecision } from './route-decisions';

// @nestjs/common's metadata keys for @Get/@Post…; deep imports are not resolvable since Nest 12.
const PATH_METADATA = 'path';
const METHOD_METADATA = 'method';

/**
 * Deny by default, checked at start-up: the server refuses to start if any route has no access
 * decision, so a forgotten @Roles() is found by the first test run, not by a user.
 */
@Injectable()
export class RouteAccessCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const missing = routesWithoutDecision(this.routes());
    if (missing.length) {
      throw new Error(
        `Routes without an access decision (@Public or @Roles): ${missing.join(', ')}`,
      );
    }
  }

  routes(): RouteAccess[] {
    const out: RouteAccess[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const handler = (proto as Record<string, unknown>)[name] as () => unknown;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method =
          RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number] ?? 'GET';
        const targets = [handler, metatype];
        out.push({
          route: `${method} ${metatype.name}.${name}`,
          isPublic: Boolean(this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)),
          roles: this.reflector.getAllAndOverride<string[]>(ROLES_KEY, targets),
        });
      }
    }
    return out;
  }
}
