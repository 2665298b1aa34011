import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { z } from 'zod';
import { FamilySnapshots } from '@periscol/application';
import { ReadModels } from '@periscol/application';
import type { rebuildResultSchema } from './audit.routes';

export type RebuildResultDto = z.infer<typeof rebuildResultSchema>;

export class RebuildReadModelsCommand extends Command<RebuildResultDto> {}

/** Drops this process's read models (projections and family snapshots) and replays the history. */
@CommandHandler(RebuildReadModelsCommand)
export class RebuildReadModelsHandler implements ICommandHandler<RebuildReadModelsCommand> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly snapshots: FamilySnapshots,
  ) {}

  async execute(): Promise<RebuildResultDto> {
    this.snapshots.clear();
    await this.readModels.rebuild();
    const headPosition = await this.readModels.catchUp();
    return { projections: this.readModels.status().map(({ name, version, position }) => ({ name, version, position })), headPosition };
  }
}
