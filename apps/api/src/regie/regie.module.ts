import { Module } from '@nestjs/common';
import { RegieController } from './regie.controller';
import { RegieService } from './regie.service';

@Module({ controllers: [RegieController], providers: [RegieService] })
export class RegieModule {}
