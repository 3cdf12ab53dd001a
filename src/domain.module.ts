import { Module } from '@nestjs/common';

/**
 * The case-management features. Each lives in its own folder with its own module, registered
 * here so feature work does not touch the application's wiring.
 */
@Module({
  imports: [],
})
export class DomainModule {}
