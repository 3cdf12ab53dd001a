import { Global, Module } from '@nestjs/common';
import { DisclosuresController } from './disclosures.controller';
import { DisclosuresRepository } from './disclosures.repository';
import { DisclosuresService } from './disclosures.service';
import { RecordAccessService } from './record-access.service';
import { RecordsIndex } from './records-index.service';
import { RetentionJob } from './retention.job';

/**
 * Closed records and retention (PRODUCT.md "After the class"): owns `disclosures`, and is the one
 * gate of a closed record (RecordAccessService, applied to routes by @OpensRecord through
 * ClosedRecordInterceptor, which app.module.ts registers for the whole API); the blind index every
 * module that registers people uses (RecordsIndex); the daily job that pseudonymizes records
 * closed long enough. Global: the lists that may show closed records disclose through it.
 */
@Global()
@Module({
  controllers: [DisclosuresController],
  providers: [
    DisclosuresRepository,
    DisclosuresService,
    RecordAccessService,
    RecordsIndex,
    RetentionJob,
  ],
  exports: [RecordAccessService, RecordsIndex],
})
export class RecordsModule {}
