import { Module } from '@nestjs/common';
import { CourtsController } from './courts.controller';
import { CourtsRepository } from './courts.repository';
import { CourtsService } from './courts.service';

/** Owns `courts`: the list kept by ADMIN that referrals name their court from. */
@Module({
  controllers: [CourtsController],
  providers: [CourtsService, CourtsRepository],
  exports: [CourtsService],
})
export class CourtsModule {}
