import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentUser } from '../common/decorators';
import { Endpoint } from '../common/endpoint';
import { AuthenticatedStaff } from '../common/request-context';
import { WorkQueueDto } from './work-queue.dto';
import { WorkQueueService } from './work-queue.service';

@ApiTags('work-queue')
@Controller('work-queue')
export class WorkQueueController {
  constructor(private readonly workQueue: WorkQueueService) {}

  @Get()
  @AnyRole()
  @Endpoint({
    summary:
      "The signed-in staff member's work: a count per card of their roles, each with the list route and filter that lists exactly those rows",
    ok: WorkQueueDto,
  })
  get(@CurrentUser() user: AuthenticatedStaff): Promise<WorkQueueDto> {
    return this.workQueue.forStaff(user);
  }
}
