import { Global, Module } from '@nestjs/common';
import { DisclosuresController } from './disclosures.controller';
import { DisclosuresRepository } from './disclosures.repository';
import { DisclosuresService } from './disclosures.service';
import { RecordAccessService } from './record-access.service';

/**
 * Closed records (PRODUCT.md "After the class"): owns `disclosures`, and is the one gate of a
 * closed record (RecordAccessService, applied to routes by @OpensRecord through
 * ClosedRecordInterceptor, which app.module.ts registers for the whole API). Global: the lists
 * that may show closed records (participants' search, the follow-up list) disclose through it.
 */
@Global()
@Module({
  controllers: [DisclosuresController],
  providers: [DisclosuresRepository, DisclosuresService, RecordAccessService],
  exports: [RecordAccessService],
})
export class RecordsModule {}
