import { DynamicModule, Module } from '@nestjs/common';
import { FamiliesModule } from '../families/families.module';
import { DemoController } from './demo.controller';
import { DemoSeeder } from './demo-seeder.service';

/** Demo mode only: the demo families, registered at start-up, and their list for the portal. */
@Module({})
export class DemoModule {
  static register(options: { demo: boolean }): DynamicModule {
    if (!options.demo) return { module: DemoModule };
    return { module: DemoModule, imports: [FamiliesModule], controllers: [DemoController], providers: [DemoSeeder] };
  }
}
