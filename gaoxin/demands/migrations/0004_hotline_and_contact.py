"""The 12345 hotline's work orders (their number kept once per demand, the keys its system calls with), and a
demand's contact phone encrypted at rest like every other phone (docs/decisions/0029, 0033)."""

import django.db.models.deletion
import gaoxin.core.personal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0012_demands_roles'),
        ('demands', '0003_supervision'),
        ('economy', '0005_personal_data_encrypted'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HotlineKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, verbose_name='调用系统')),
                ('digest', models.CharField(editable=False, max_length=64, unique=True)),
                ('prefix', models.CharField(editable=False, max_length=8, verbose_name='密钥前缀')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('last_used_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='最近使用')),
                ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='注销时间')),
            ],
            options={
                'verbose_name': '热线接口密钥',
                'verbose_name_plural': '热线接口密钥',
                'ordering': ['-created_at'],
            },
        ),
        migrations.AddField(
            model_name='demand',
            name='contact_phone_digest',
            field=gaoxin.core.personal.DigestField(blank=True, db_index=True, editable=False, max_length=64, of='contact_phone'),
        ),
        migrations.AddField(
            model_name='demand',
            name='external_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='来电时间'),
        ),
        migrations.AddField(
            model_name='demand',
            name='external_ref',
            field=models.CharField(blank=True, max_length=40, verbose_name='热线工单编号'),
        ),
        migrations.AlterField(
            model_name='demand',
            name='contact_phone',
            field=gaoxin.core.personal.EncryptedField(max_length=20, verbose_name='联系电话'),
        ),
        # Every existing phone encrypted and its digest written.
        gaoxin.core.personal.encrypt_existing("demands", "demand", "contact_phone"),
        migrations.AddConstraint(
            model_name='demand',
            constraint=models.UniqueConstraint(condition=models.Q(('external_ref', ''), _negated=True), fields=('channel', 'external_ref'), name='demand_external_ref_once'),
        ),
        migrations.AddField(
            model_name='hotlinekey',
            name='created_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人'),
        ),
    ]
