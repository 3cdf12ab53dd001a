import { Module } from '@nestjs/common';
import { CompletionController } from './completion.controller';
import { CompletionRepository } from './completion.repository';
import { CompletionService } from './completion.service';

/** The completion notice a COMPLETED enrollment's prosecutor receives. */
@Module({
  controllers: [CompletionController],
  providers: [CompletionRepository, CompletionService],
})
export class CompletionModule {}
