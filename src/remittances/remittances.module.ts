import { Module } from '@nestjs/common';
import { RemittancesController } from './remittances.controller';
import { RemittancesRepository } from './remittances.repository';
import { RemittancesService } from './remittances.service';

@Module({
  controllers: [RemittancesController],
  providers: [RemittancesRepository, RemittancesService],
})
export class RemittancesModule {}
