import { Controller } from '@nestjs/common';
import { Route } from '../platform/routing/route.decorator';
import { DEMO_FAMILIES } from './demo-families';
import { listDemoFamiliesRoute } from './demo.routes';

/** Mounted only in demo mode. The names are the fictitious demo ones (no one's personal data). */
@Controller()
export class DemoController {
  @Route(listDemoFamiliesRoute)
  list(): { familyId: string; name: string }[] {
    return DEMO_FAMILIES.map(({ familyId, name }) => ({ familyId, name }));
  }
}
