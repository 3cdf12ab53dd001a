import { Global, Module } from '@nestjs/common';
import { RecordsIndex } from './records-index.service';
import { RetentionJob } from './retention.job';

/**
 * Retention (PRODUCT.md "Retention"): the blind index every module that registers people uses
 * (RecordsIndex, global), and the daily job that pseudonymizes records closed long enough.
 */
@Global()
@Module({
  providers: [RecordsIndex, RetentionJob],
  exports: [RecordsIndex],
})
export class RecordsModule {}
